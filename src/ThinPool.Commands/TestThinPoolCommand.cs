using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Checks a thin pool's metadata and volume names in full.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ThinPool", DefaultParameterSetName = PoolParameterSets.Name)]
[OutputType(typeof(ThinCheckReport))]
public sealed class TestThinPoolCommand : ThinPoolCommandBase
{
    /// <summary>Pool names; wildcards allowed. Every pool when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = PoolParameterSets.Name,
        ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Pools from Get-ThinPool.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PoolParameterSets.InputObject,
        ValueFromPipeline = true)]
    public ThinPoolInfo[] InputObject { get; set; } = Array.Empty<ThinPoolInfo>();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        IEnumerable<string> names = ParameterSetName == PoolParameterSets.InputObject
            ? InputObject.Select(p => p.Name)
            : PoolNames.Resolve(this, Name);
        foreach (string name in names)
        {
            Try(name, () =>
            {
                ThinCheckReport report = Service.CheckPool(name);
                if (!report.IsClean)
                {
                    WriteWarning($"Pool '{name}' has {report.FatalCount} fatal and "
                        + $"{report.NonFatalCount} non-fatal findings; see the report's "
                        + "Findings.");
                }

                WriteObject(report);
            });
        }
    }
}
