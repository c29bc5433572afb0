using System.Management.Automation;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Deletes thin volumes or snapshots and frees the blocks only they
/// used.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "ThinVolume", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolSet, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveThinVolumeCommand : ThinVolumeCommandBase
{
    /// <summary>On a live pool, remove an open volume device at its last close instead of
    /// failing; its blocks are freed by the first change to the pool after that.</summary>
    [Parameter]
    public SwitchParameter Deferred { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach ((string pool, string name) in SelectedVolumes())
        {
            ThinVolumeInfo? volume = Describe(name, () => Service.GetVolume(pool, name));
            if (volume is null)
            {
                continue;
            }

            string target = $"thin volume '{name}' ({ByteSize.Format(volume.SizeBytes)}, "
                + $"{ByteSize.Format(volume.MappedBytes)} mapped) in pool '{pool}' and its data";
            if (ShouldProcess(target, "Remove"))
            {
                Try(name, () => Service.RemoveVolume(pool, name, Deferred));
            }
        }
    }
}
