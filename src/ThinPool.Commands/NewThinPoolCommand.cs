using System.Management.Automation;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Creates a thin pool on sparse files in a directory (loop mode) or on
/// two block devices (direct mode), and activates it where the kernel backend is
/// available.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "ThinPool", SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ThinPoolInfo))]
public sealed class NewThinPoolCommand : ThinPoolCommandBase
{
    /// <summary>The pool name.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The pool directory; created when missing.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The data size in bytes (100GB by default), rounded down to whole blocks.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long DataSize { get; set; } = 100L * 1024 * 1024 * 1024;

    /// <summary>The metadata size in bytes; by default 48 bytes per data block, at least
    /// 2 MiB.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MetadataSize { get; set; }

    /// <summary>The data block size in bytes: a multiple of 64 KiB from 64 KiB to 1 GiB.</summary>
    [Parameter]
    public long BlockSize { get; set; } = PoolRules.MinBlockBytes;

    /// <summary>Free data blocks at or below which the kernel raises an event (1% of the
    /// blocks by default).</summary>
    [Parameter]
    public ulong LowWaterMark { get; set; }

    /// <summary>What a running pool does with writes once full: Error or Queue.</summary>
    [Parameter]
    public WhenFullAction WhenFull { get; set; } = WhenFullAction.Queue;

    /// <summary>Free space (percent) below which new volumes and snapshots are refused.</summary>
    [Parameter]
    public double MinFreeSpacePercent { get; set; } = 10;

    /// <summary>Use (percent) above which Get-ThinPoolStatus warns.</summary>
    [Parameter]
    public double WarningThresholdPercent { get; set; } = 80;

    /// <summary>Direct mode: the block device for the data (all of it is used). Refused
    /// when it carries a filesystem or partition signature, unless -Force.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DataDevice { get; set; }

    /// <summary>Direct mode: the block device for the metadata.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MetadataDevice { get; set; }

    /// <summary>Zero each new data block before its first use. Off by default (as Docker
    /// runs its pools): a filesystem never reads a block it has not written.</summary>
    [Parameter]
    public SwitchParameter ZeroNewBlocks { get; set; }

    /// <summary>Do not pass discards down to the data device.</summary>
    [Parameter]
    public SwitchParameter NoDiscardPassdown { get; set; }

    /// <summary>Create a pool that is worked on in user space, without the kernel. Without
    /// it the pool runs in the kernel where that backend is available, and offline
    /// elsewhere.</summary>
    [Parameter]
    public SwitchParameter Offline { get; set; }

    /// <summary>Replace an existing pool or non-empty files in the directory.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!PoolRules.IsValidBlockSize(BlockSize))
        {
            // Refuse before describing the target: its sizes are derived from the block size.
            Try(Name, () => PoolRules.ValidateBlockSize(BlockSize));
            return;
        }

        var options = new PoolCreateOptions
        {
            Name = Name,
            Path = GetUnresolvedProviderPathFromPSPath(Path),
            DataSizeBytes = DataSize,
            MetadataSizeBytes = MyInvocation.BoundParameters.ContainsKey(nameof(MetadataSize))
                ? MetadataSize : null,
            BlockSizeBytes = BlockSize,
            LowWaterMarkBlocks = MyInvocation.BoundParameters.ContainsKey(nameof(LowWaterMark))
                ? LowWaterMark : null,
            WhenFull = WhenFull,
            MinFreeSpacePercent = MinFreeSpacePercent,
            WarningThresholdPercent = WarningThresholdPercent,
            Mode = Offline ? PoolMode.Offline : null,
            Force = Force,
            DataDevice = DataDevice,
            MetadataDevice = MetadataDevice,
            ZeroNewBlocks = ZeroNewBlocks,
            DiscardPassdown = !NoDiscardPassdown,
        };

        string target = DataDevice is not null
            ? $"thin pool '{Name}' on data device '{DataDevice}' and metadata device "
                + $"'{MetadataDevice}' (block {ByteSize.Format(BlockSize)}), recorded in "
                + $"'{options.Path}'"
            : $"thin pool '{Name}' in '{options.Path}' (data "
            + $"{ByteSize.Format(options.ResolvedDataBytes)}, metadata "
            + $"{ByteSize.Format(options.ResolvedMetadataBytes)}, block "
            + $"{ByteSize.Format(BlockSize)})";
        if (Force && Directory.Exists(options.Path) && Directory.EnumerateFiles(options.Path).Any())
        {
            target += ", replacing the pool files and data already there";
        }

        if (!ShouldProcess(target, "Create"))
        {
            return;
        }

        Try(Name, () => WriteObject(Service.CreatePool(options)));
    }
}
