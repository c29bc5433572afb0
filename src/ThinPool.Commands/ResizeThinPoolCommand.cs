using System.Management.Automation;
using ThinPool.Commands.Completion;
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
    [ArgumentCompleter(typeof(PoolNameCompleter))]
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

    /// <summary>Grow only when use has crossed -ThresholdPercent, by -ExtendPercent; below
    /// it nothing changes. For a scheduled job or a low-water-mark hook.</summary>
    [Parameter]
    public SwitchParameter AutoExtend { get; set; }

    /// <summary>With -AutoExtend: use (percent) of data or metadata at which that part
    /// grows; 80 by default.</summary>
    [Parameter]
    [ValidateRange(50.0, 100.0)]
    public double ThresholdPercent { get; set; } = 80;

    /// <summary>With -AutoExtend: how much a part grows, in percent of its size; 20 by
    /// default.</summary>
    [Parameter]
    [ValidateRange(1.0, 1000.0)]
    public double ExtendPercent { get; set; } = 20;

    /// <summary>With -AutoExtend: the largest data size to grow to.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MaximumDataSize { get; set; }

    /// <summary>LVM mode: devices to add to the pool's volume group (pvcreate, vgextend);
    /// the pool's data grows over all the space they add.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] AddPhysicalDevice { get; set; } = Array.Empty<string>();

    /// <summary>LVM mode: grow the data over every free extent of the volume group.</summary>
    [Parameter]
    public SwitchParameter UseMaximumSize { get; set; }

    /// <summary>With -AddPhysicalDevice: erase filesystem, partition or other signatures
    /// found on the devices.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

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
        bool lvmGrowth = AddPhysicalDevice.Length > 0 || UseMaximumSize;
        if (AutoExtend)
        {
            ExtendAutomatically(pool, data is not null || metadata is not null || lvmGrowth);
            return;
        }

        if (lvmGrowth)
        {
            GrowLvm(pool, data, metadata);
            return;
        }

        if (data is null && metadata is null)
        {
            Throw("SizeRequired", ErrorCategory.InvalidArgument, pool,
                "Give -DataSize, -MetadataSize or both; for an LVM pool -AddPhysicalDevice or "
                + "-UseMaximumSize.");
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

    private void GrowLvm(string pool, long? data, long? metadata)
    {
        if (data is not null)
        {
            Throw("ConflictingSizes", ErrorCategory.InvalidArgument, pool,
                "-AddPhysicalDevice and -UseMaximumSize grow the data over the space they find; "
                + "leave out -DataSize.");
        }

        ThinPoolInfo? current = Describe(pool, () => Service.GetPool(pool));
        if (current is null)
        {
            return;
        }

        if (current.Mode != PoolMode.Lvm)
        {
            // Refused before ShouldProcess, so -WhatIf does not promise what cannot happen.
            Try(pool, () => Service.GrowLvmPool(pool, AddPhysicalDevice, UseMaximumSize, Force));
            return;
        }

        string what = string.Join("; ", new[]
        {
            AddPhysicalDevice.Length > 0
                ? $"add {string.Join(", ", AddPhysicalDevice)} to its volume group"
                    + (Force ? " (erasing their signatures)" : "") : null,
            UseMaximumSize ? "grow the data over the free extents" : null,
            metadata is long m ? $"metadata to {ByteSize.Format(m)}" : null,
        }.Where(part => part is not null));
        if (!ShouldProcess($"thin pool '{pool}' ({what})", "Grow"))
        {
            return;
        }

        Try(pool, () =>
        {
            ThinPoolInfo resized = Service.GrowLvmPool(pool, AddPhysicalDevice, UseMaximumSize,
                Force);
            if (metadata is not null)
            {
                resized = Service.ResizePool(pool, null, metadata);
            }

            if (PassThru)
            {
                WriteObject(resized);
            }
        });
    }

    private void ExtendAutomatically(string pool, bool sizesGiven)
    {
        if (sizesGiven)
        {
            Throw("AutoExtendWithSize", ErrorCategory.InvalidArgument, pool,
                "-AutoExtend picks the sizes itself; leave out -DataSize, -MetadataSize, "
                + "-AddPhysicalDevice and -UseMaximumSize.");
        }

        long? maximum = MyInvocation.BoundParameters.ContainsKey(nameof(MaximumDataSize))
            ? MaximumDataSize : null;
        string target = $"thin pool '{pool}' (grow by {ExtendPercent}% where use is at or above "
            + $"{ThresholdPercent}%" + (maximum is long m ? $", data at most {ByteSize.Format(m)}"
                : "") + ")";
        if (!ShouldProcess(target, "Extend"))
        {
            return;
        }

        Try(pool, () =>
        {
            (ThinPoolInfo result, bool grew) = Service.AutoExtendPool(pool, ThresholdPercent,
                ExtendPercent, maximum);
            WriteVerbose(grew ? $"Pool '{pool}' grew to data {ByteSize.Format(result.DataSizeBytes)}, "
                + $"metadata {ByteSize.Format(result.MetadataSizeBytes)}."
                : $"Pool '{pool}' is below {ThresholdPercent}% use; nothing changed.");
            if (PassThru)
            {
                WriteObject(result);
            }
        });
    }
}
