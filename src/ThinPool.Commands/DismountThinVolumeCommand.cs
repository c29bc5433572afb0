using System.Management.Automation;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Kernel;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Deactivates a thin volume: removes /dev/mapper/POOL-VOLUME. The
/// volume and its data stay in the pool.</para>
/// </summary>
[Cmdlet(VerbsData.Dismount, "ThinVolume", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolSet, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class DismountThinVolumeCommand : ThinVolumeCommandBase
{
    /// <summary>Remove a device that is still open at its last close instead of
    /// failing.</summary>
    [Parameter]
    public SwitchParameter Deferred { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach ((string pool, string name) in SelectedVolumes())
        {
            string target = $"device /dev/mapper/{PoolRules.DeviceMapperName(pool, name)} of "
                + $"thin volume '{name}' in pool '{pool}'";
            if (ShouldProcess(target, "Deactivate"))
            {
                Try(name, () =>
                {
                    DmRemoveOutcome outcome = Service.DismountVolume(pool, name, Deferred);
                    if (outcome == DmRemoveOutcome.NotFound)
                    {
                        WriteVerbose($"Volume '{name}' of pool '{pool}' was not active.");
                    }
                });
            }
        }
    }
}
