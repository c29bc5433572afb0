using System.Management.Automation;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Grows a thin pool's data or metadata.</para>
/// </summary>
[Cmdlet(VerbsCommon.Resize, "ThinPool", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolParameterSets.Name, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ThinPoolInfo))]
public sealed class ResizeThinPoolCommand : ThinPoolCommandBase
{
    /// <summary>The pool name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PoolParameterSets.Name,
        ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The pool, from Get-ThinPool.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PoolParameterSets.InputObject,
        ValueFromPipeline = true)]
    public ThinPoolInfo? InputObject { get; set; }

    /// <summary>The new data size in bytes; not smaller than the current one.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long DataSize { get; set; }

    /// <summary>The new metadata size in bytes; not smaller than the current one.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MetadataSize { get; set; }

    /// <summary>Write the resized pool to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string pool = InputObject?.Name ?? Name;
        long? data = MyInvocation.BoundParameters.ContainsKey(nameof(DataSize)) ? DataSize : null;
        long? metadata = MyInvocation.BoundParameters.ContainsKey(nameof(MetadataSize))
            ? MetadataSize : null;
        if (data is null && metadata is null)
        {
            Throw("SizeRequired", ErrorCategory.InvalidArgument, pool,
                "Give -DataSize, -MetadataSize or both.");
        }

        ThinPoolInfo? current = Describe(pool, () => Service.GetPool(pool));
        if (current is null)
        {
            return;
        }

        var parts = new List<string>();
        if (data is long d)
        {
            parts.Add($"data from {ByteSize.Format(current.DataSizeBytes)} to {ByteSize.Format(d)}");
        }

        if (metadata is long m)
        {
            parts.Add($"metadata from {ByteSize.Format(current.MetadataSizeBytes)} to "
                + ByteSize.Format(m));
        }

        if (!ShouldProcess($"thin pool '{pool}' ({string.Join("; ", parts)})", "Grow"))
        {
            return;
        }

        Try(pool, () =>
        {
            ThinPoolInfo resized = Service.ResizePool(pool, data, metadata);
            if (PassThru)
            {
                WriteObject(resized);
            }
        });
    }
}
