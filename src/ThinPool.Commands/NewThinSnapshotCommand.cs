using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Snapshots a thin volume: the snapshot shares every block with its
/// origin until either is written.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "ThinSnapshot", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolSet, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ThinVolumeInfo))]
public sealed class NewThinSnapshotCommand : ThinPoolCommandBase
{
    private const string PoolSet = "Pool";
    private const string InputSet = "InputObject";

    /// <summary>The pool name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PoolSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string Pool { get; set; } = "";

    /// <summary>The volume to snapshot.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PoolSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VolumeNameCompleter))]
    public string Origin { get; set; } = "";

    /// <summary>The volume to snapshot, from Get-ThinVolume.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    public ThinVolumeInfo? InputObject { get; set; }

    /// <summary>The snapshot's name.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Make the snapshot refuse writes.</summary>
    [Parameter]
    public SwitchParameter ReadOnly { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string pool = InputObject?.Pool ?? Pool;
        string origin = InputObject?.Name ?? Origin;
        string target = $"snapshot '{Name}' of thin volume '{origin}' in pool '{pool}'"
            + (ReadOnly ? " (read-only)" : "");
        if (!ShouldProcess(target, "Create"))
        {
            return;
        }

        Try(Name, () => WriteObject(Service.CreateSnapshot(pool, origin, Name, ReadOnly)));
    }
}
