using System.Management.Automation;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Deactivates a thin pool: removes its volume devices and its pool
/// device; loop devices detach with it. Its files keep everything.</para>
/// </summary>
[Cmdlet(VerbsData.Dismount, "ThinPool", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolParameterSets.Name, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ThinPoolInfo))]
public sealed class DismountThinPoolCommand : SinglePoolCommandBase
{
    /// <summary>Write the inactive pool to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string pool = PoolName;
        ThinPoolInfo? current = Describe(pool, () => Service.GetPool(pool));
        if (current is null
            || !ShouldProcess(PoolTarget(current) + " and its volume devices", "Deactivate"))
        {
            return;
        }

        Try(pool, () =>
        {
            ThinPoolInfo inactive = Service.DismountPool(pool);
            if (PassThru)
            {
                WriteObject(inactive);
            }
        });
    }
}
