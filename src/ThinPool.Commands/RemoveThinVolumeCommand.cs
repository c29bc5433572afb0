using System.Management.Automation;
using ThinPool.Commands.Completion;
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
public sealed class RemoveThinVolumeCommand : ThinPoolCommandBase
{
    private const string PoolSet = "Pool";
    private const string InputSet = "InputObject";

    /// <summary>The pool name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PoolSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string Pool { get; set; } = "";

    /// <summary>The volume names.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PoolSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VolumeNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Volumes from Get-ThinVolume.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    public ThinVolumeInfo[] InputObject { get; set; } = Array.Empty<ThinVolumeInfo>();

    /// <summary>On a live pool, remove an open volume device at its last close instead of
    /// failing; its blocks are freed by the first change to the pool after that.</summary>
    [Parameter]
    public SwitchParameter Deferred { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        IEnumerable<(string Pool, string Name)> volumes = ParameterSetName == InputSet
            ? InputObject.Select(v => (v.Pool, v.Name))
            : Name.Select(n => (Pool, n));
        foreach ((string pool, string name) in volumes)
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
