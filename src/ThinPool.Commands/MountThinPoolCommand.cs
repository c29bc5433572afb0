using System.Management.Automation;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Activates a thin pool in the kernel: its files on loop devices (loop
/// mode) or its block devices (direct mode) under /dev/mapper/NAME.</para>
/// </summary>
[Cmdlet(VerbsData.Mount, "ThinPool", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolParameterSets.Name, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ThinPoolInfo))]
public sealed class MountThinPoolCommand : SinglePoolCommandBase
{
    /// <summary>Write the active pool to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string pool = PoolName;
        ThinPoolInfo? current = Describe(pool, () => Service.GetPool(pool));
        if (current is null || !ShouldProcess(PoolTarget(current), "Activate"))
        {
            return;
        }

        Try(pool, () =>
        {
            ThinPoolInfo active = Service.MountPool(pool);
            if (PassThru)
            {
                WriteObject(active);
            }
        });
    }
}
