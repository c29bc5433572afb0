using System.Management.Automation;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Lvm;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Creates a thin pool on sparse files in a directory (loop mode), on
/// two block devices (direct mode) or as an LVM thin pool (LVM mode), and activates it where
/// the kernel backend is available.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "ThinPool", SupportsShouldProcess = true,
    DefaultParameterSetName = FilesSet, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ThinPoolInfo))]
public sealed class NewThinPoolCommand : ThinPoolCommandBase
{
    private const string FilesSet = "Path";
    private const string LvmSetupSet = "LvmSetup";
    private const string LvmAdoptSet = "LvmAdopt";
    private const string LvmDeviceSet = "LvmDevice";

    /// <summary>The pool name.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The pool directory; created when missing. In LVM mode it holds only the
    /// pool record, and defaults to a directory named after the pool beside the
    /// registry.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = FilesSet)]
    [Parameter(ParameterSetName = LvmSetupSet)]
    [Parameter(ParameterSetName = LvmAdoptSet)]
    [Parameter(ParameterSetName = LvmDeviceSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The data size in bytes (100GB by default), rounded down to whole blocks.</summary>
    [Parameter(ParameterSetName = FilesSet)]
    [ValidateRange(1, long.MaxValue)]
    public long DataSize { get; set; } = 100L * 1024 * 1024 * 1024;

    /// <summary>The metadata size in bytes; by default 48 bytes per data block, at least
    /// 2 MiB.</summary>
    [Parameter(ParameterSetName = FilesSet)]
    [ValidateRange(1, long.MaxValue)]
    public long MetadataSize { get; set; }

    /// <summary>The data block size in bytes: a multiple of 64 KiB from 64 KiB to 1 GiB.</summary>
    [Parameter(ParameterSetName = FilesSet)]
    public long BlockSize { get; set; } = PoolRules.MinBlockBytes;

    /// <summary>Free data blocks at or below which the kernel raises an event (1% of the
    /// blocks by default).</summary>
    [Parameter(ParameterSetName = FilesSet)]
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
    [Parameter(ParameterSetName = FilesSet)]
    [ValidateNotNullOrEmpty]
    public string? DataDevice { get; set; }

    /// <summary>Direct mode: the block device for the metadata.</summary>
    [Parameter(ParameterSetName = FilesSet)]
    [ValidateNotNullOrEmpty]
    public string? MetadataDevice { get; set; }

    /// <summary>Zero each new data block before its first use. Off by default (as Docker
    /// runs its pools): a filesystem never reads a block it has not written.</summary>
    [Parameter(ParameterSetName = FilesSet)]
    public SwitchParameter ZeroNewBlocks { get; set; }

    /// <summary>Do not pass discards down to the data device.</summary>
    [Parameter(ParameterSetName = FilesSet)]
    public SwitchParameter NoDiscardPassdown { get; set; }

    /// <summary>Create a pool that is worked on in user space, without the kernel. Without
    /// it the pool runs in the kernel where that backend is available, and offline
    /// elsewhere.</summary>
    [Parameter(ParameterSetName = FilesSet)]
    public SwitchParameter Offline { get; set; }

    /// <summary>LVM mode: the volume group to create on -PhysicalDevice, or the one that
    /// holds the pool to adopt.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LvmSetupSet)]
    [Parameter(Mandatory = true, ParameterSetName = LvmAdoptSet)]
    [ValidateNotNullOrEmpty]
    public string? VolumeGroup { get; set; }

    /// <summary>LVM mode: the thin pool LV to create (thinpool by default), or the one to
    /// adopt.</summary>
    [Parameter(ParameterSetName = LvmSetupSet)]
    [Parameter(Mandatory = true, ParameterSetName = LvmAdoptSet)]
    [ValidateNotNullOrEmpty]
    public string? LogicalVolume { get; set; }

    /// <summary>LVM mode: the devices that become the volume group's physical volumes.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LvmSetupSet)]
    [ValidateNotNullOrEmpty]
    public string[] PhysicalDevice { get; set; } = Array.Empty<string>();

    /// <summary>LVM mode: an existing LVM thin pool to adopt, by its device.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LvmDeviceSet)]
    [ValidateNotNullOrEmpty]
    public string? ThinPoolDevice { get; set; }

    /// <summary>LVM mode: the share of the volume group for the data (95 by default).</summary>
    [Parameter(ParameterSetName = LvmSetupSet)]
    [ValidateRange(1, 100)]
    public int DataPercent { get; set; } = 95;

    /// <summary>LVM mode: the share of the volume group for the metadata (1 by default).</summary>
    [Parameter(ParameterSetName = LvmSetupSet)]
    [ValidateRange(1, 100)]
    public int MetadataPercent { get; set; } = 1;

    /// <summary>LVM mode: the pool's chunk (data block) size in bytes, a multiple of 64 KiB
    /// from 64 KiB to 1 GiB (512KB by default).</summary>
    [Parameter(ParameterSetName = LvmSetupSet)]
    public long ChunkSize { get; set; } = 512 * 1024;

    /// <summary>LVM mode: data use (percent) at which dmeventd extends the pool; 100 turns
    /// autoextend off (80 by default).</summary>
    [Parameter(ParameterSetName = LvmSetupSet)]
    [ValidateRange(50, 100)]
    public int AutoExtendThresholdPercent { get; set; } = 80;

    /// <summary>LVM mode: how much each autoextend adds, in percent of the pool (20 by
    /// default).</summary>
    [Parameter(ParameterSetName = LvmSetupSet)]
    [ValidateRange(1, 100)]
    public int AutoExtendPercent { get; set; } = 20;

    /// <summary>Replace an existing pool or non-empty files in the directory. In LVM mode:
    /// erase the signatures found on -PhysicalDevice, or adopt a pool that is in use.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName != FilesSet)
        {
            CreateLvm();
            return;
        }

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

    private void CreateLvm()
    {
        string path = MyInvocation.BoundParameters.ContainsKey(nameof(Path))
            ? GetUnresolvedProviderPathFromPSPath(Path)
            : System.IO.Path.Combine(Service.Registry.Directory, Name);
        var options = new PoolCreateOptions
        {
            Name = Name,
            Path = path,
            WhenFull = WhenFull,
            MinFreeSpacePercent = MinFreeSpacePercent,
            WarningThresholdPercent = WarningThresholdPercent,
            Mode = PoolMode.Lvm,
            Force = Force,
            LvmSetup = ParameterSetName != LvmSetupSet ? null : new LvmThinPoolOptions
            {
                Name = Name,
                VolumeGroup = VolumeGroup!,
                LogicalVolume = LogicalVolume ?? "thinpool",
                PhysicalDevices = PhysicalDevice,
                DataPercent = DataPercent,
                MetadataPercent = MetadataPercent,
                ChunkSizeBytes = ChunkSize,
                AutoExtendThresholdPercent = AutoExtendThresholdPercent,
                AutoExtendPercent = AutoExtendPercent,
                Force = Force,
            },
            LvmAdopt = ParameterSetName switch
            {
                LvmAdoptSet => new LvmPoolReference(null, VolumeGroup, LogicalVolume),
                LvmDeviceSet => new LvmPoolReference(ThinPoolDevice, null, null),
                _ => null,
            },
        };

        string target = ParameterSetName switch
        {
            LvmSetupSet => $"LVM thin pool '{Name}' as {VolumeGroup}/{LogicalVolume ?? "thinpool"} "
                + $"on {string.Join(", ", PhysicalDevice)} (data {DataPercent}% and metadata "
                + $"{MetadataPercent}% of the volume group, chunk {ByteSize.Format(ChunkSize)}, "
                + $"autoextend by {AutoExtendPercent}% at {AutoExtendThresholdPercent}%)"
                + (Force ? ", erasing the signatures on the devices" : ""),
            LvmAdoptSet => $"thin pool '{Name}' from the LVM thin pool {VolumeGroup}/{LogicalVolume}",
            _ => $"thin pool '{Name}' from the LVM thin pool behind '{ThinPoolDevice}'",
        };
        if (!ShouldProcess(target + $", recorded in '{path}'", "Create"))
        {
            return;
        }

        Try(Name, () => WriteObject(Service.CreatePool(options)));
    }
}
