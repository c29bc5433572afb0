using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Shows a pool's space, transaction id and health.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ThinPoolStatus", DefaultParameterSetName = NameSet)]
[OutputType(typeof(ThinPoolStatus))]
public sealed class GetThinPoolStatusCommand : ThinPoolCommandBase
{
    private const string NameSet = "Name";
    private const string InputSet = "InputObject";

    /// <summary>Pool names; wildcards allowed. Every pool when omitted.</summary>
    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Pools from Get-ThinPool.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    public ThinPoolInfo[] InputObject { get; set; } = Array.Empty<ThinPoolInfo>();

    /// <summary>Use (percent) of data or metadata at which a warning is written (default 80);
    /// when omitted, the pool's own setting from New-ThinPool, which is 80 unless
    /// changed.</summary>
    [Parameter]
    [ValidateRange(0.0, 100.0)]
    public double WarningThresholdPercent { get; set; } = 80;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        double? threshold = MyInvocation.BoundParameters.ContainsKey(nameof(WarningThresholdPercent))
            ? WarningThresholdPercent : null;
        foreach (string name in PoolNames.Resolve(this, ParameterSetName == InputSet
                     ? InputObject.Select(p => p.Name).ToArray() : Name))
        {
            Try(name, () =>
            {
                ThinPoolStatus status = Service.GetStatus(name, threshold);
                WarnAboutUse(status, status.WarningThresholdPercent);
                WriteObject(status);
            });
        }
    }

    private void WarnAboutUse(ThinPoolStatus status, double threshold)
    {
        if (status.DataUsedPercent >= threshold)
        {
            WriteWarning($"Pool '{status.Name}' data is {status.DataUsedPercent}% used "
                + $"(threshold {threshold}%). Grow it with Resize-ThinPool -DataSize or remove "
                + "volumes.");
        }

        if (status.MetadataUsedPercent >= threshold)
        {
            WriteWarning($"Pool '{status.Name}' metadata is {status.MetadataUsedPercent}% used "
                + $"(threshold {threshold}%). Grow it with Resize-ThinPool -MetadataSize.");
        }
    }
}
