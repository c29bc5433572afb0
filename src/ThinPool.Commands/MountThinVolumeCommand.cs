using System.Management.Automation;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Activates a thin volume or snapshot as /dev/mapper/POOL-VOLUME on an
/// active pool.</para>
/// </summary>
[Cmdlet(VerbsData.Mount, "ThinVolume", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolSet, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ThinVolumeInfo))]
public sealed class MountThinVolumeCommand : ThinVolumeCommandBase
{
    /// <summary>Activate the device read-only.</summary>
    [Parameter]
    public SwitchParameter ReadOnly { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach ((string pool, string name) in SelectedVolumes())
        {
            string target = $"thin volume '{name}' in pool '{pool}' as /dev/mapper/"
                + PoolRules.DeviceMapperName(pool, name) + (ReadOnly ? " (read-only)" : "");
            if (ShouldProcess(target, "Activate"))
            {
                Try(name, () => WriteObject(Service.MountVolume(pool, name, ReadOnly)));
            }
        }
    }
}
