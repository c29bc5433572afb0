using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Lists the thin pools the module knows, or adopts a pool directory.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ThinPool", DefaultParameterSetName = NameSet)]
[OutputType(typeof(ThinPoolInfo))]
public sealed class GetThinPoolCommand : ThinPoolCommandBase
{
    private const string NameSet = "Name";
    private const string PathSet = "Path";

    /// <summary>Pool names; wildcards allowed. All pools when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>A pool directory: the pool found there is registered and returned.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == PathSet)
        {
            foreach (string path in Path)
            {
                string full = GetUnresolvedProviderPathFromPSPath(path);
                Try(full, () => WriteObject(Service.AdoptPool(full)));
            }

            return;
        }

        foreach (string name in PoolNames.Resolve(this, Name))
        {
            Try(name, () => WriteObject(Service.GetPool(name)));
        }
    }
}
