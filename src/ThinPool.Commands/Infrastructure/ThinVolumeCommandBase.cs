using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands.Infrastructure;

/// <summary>
/// The cmdlets that act on existing volumes named one way or the other: a pool and volume
/// names, or volume objects from Get-ThinVolume on the pipeline.
/// </summary>
public abstract class ThinVolumeCommandBase : ThinPoolCommandBase
{
    /// <summary>The parameter set that names the pool and the volumes.</summary>
    protected const string PoolSet = "Pool";

    /// <summary>The parameter set that takes volume objects.</summary>
    protected const string InputSet = "InputObject";

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

    /// <summary>The volumes this record names, as pool and volume name pairs.</summary>
    internal IEnumerable<(string Pool, string Name)> SelectedVolumes() =>
        ParameterSetName == InputSet
            ? InputObject.Select(v => (v.Pool, v.Name))
            : Name.Select(n => (Pool, n));
}
