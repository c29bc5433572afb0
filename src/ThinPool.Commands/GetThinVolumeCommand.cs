using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Lists the thin volumes and snapshots of pools.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ThinVolume", DefaultParameterSetName = PoolSet)]
[OutputType(typeof(ThinVolumeInfo))]
public sealed class GetThinVolumeCommand : ThinPoolCommandBase
{
    private const string PoolSet = "Pool";
    private const string InputSet = "InputObject";

    /// <summary>Pool names; wildcards allowed. Every pool when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = PoolSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string[]? Pool { get; set; }

    /// <summary>Pools from Get-ThinPool.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    public ThinPoolInfo[] InputObject { get; set; } = Array.Empty<ThinPoolInfo>();

    /// <summary>Volume names; wildcards allowed. Every volume when omitted.</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VolumeNameCompleter))]
    public string[]? Name { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        IEnumerable<string> pools = ParameterSetName == InputSet
            ? InputObject.Select(p => p.Name)
            : PoolNames.Resolve(this, Pool);
        foreach (string pool in pools)
        {
            Try(pool, () =>
            {
                IReadOnlyList<ThinVolumeInfo> volumes = Service.GetVolumes(pool);
                WriteObject(volumes.Where(v => Matches(Name, v.Name)), enumerateCollection: true);
                ReportMissing(pool, volumes);
            });
        }
    }

    private void ReportMissing(string pool, IReadOnlyList<ThinVolumeInfo> volumes)
    {
        foreach (string name in Name ?? Array.Empty<string>())
        {
            if (!WildcardPattern.ContainsWildcardCharacters(name)
                && !volumes.Any(v => v.Name == name))
            {
                WriteError("ThinVolumeNotFound", ErrorCategory.ObjectNotFound, name,
                    $"Pool '{pool}' has no volume named '{name}'. List its volumes with "
                    + "Get-ThinVolume.");
            }
        }
    }
}
