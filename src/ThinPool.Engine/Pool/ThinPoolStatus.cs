namespace ThinPool.Engine.Pool;

/// <summary>
/// A pool's space, transaction and health at one moment. Sizes are in bytes, percentages of
/// the total. For a file-backed pool, <see cref="DataAvailableBytes"/> is the smaller of the
/// pool's free data space and the free space of the filesystem under the data file, because a
/// sparse file can only grow as far as its filesystem allows.
/// </summary>
public sealed class ThinPoolStatus
{
    internal ThinPoolStatus(ThinPoolInfo pool, PoolUsage usage, int volumeCount,
        long? fileSystemFreeBytes, double warningThresholdPercent,
        IReadOnlyList<string> healthReasons, PoolHealth health, Lvm.LvmThinPoolStatus? lvm)
    {
        WarningThresholdPercent = warningThresholdPercent;
        Name = pool.Name;
        Mode = pool.Mode;
        State = pool.State;
        Path = pool.Path;
        DataFile = pool.DataFile;
        MetadataFile = pool.MetadataFile;
        BlockSizeBytes = usage.BlockBytes;
        DataTotalBytes = (long)usage.DataBlocks * usage.BlockBytes;
        DataUsedBytes = (long)usage.DataBlocksUsed * usage.BlockBytes;
        long poolFree = DataTotalBytes - DataUsedBytes;
        DataAvailableBytes = fileSystemFreeBytes is long fs ? Math.Min(poolFree, fs) : poolFree;
        DataUsedPercent = Percent(DataUsedBytes, DataTotalBytes);
        MetadataTotalBytes = (long)usage.MetadataBlocks * PoolRules.MetadataBlockBytes;
        MetadataUsedBytes = (long)usage.MetadataBlocksUsed * PoolRules.MetadataBlockBytes;
        MetadataAvailableBytes = MetadataTotalBytes - MetadataUsedBytes;
        MetadataUsedPercent = Percent(MetadataUsedBytes, MetadataTotalBytes);
        TransactionId = usage.TransactionId;
        VolumeCount = volumeCount;
        HeldMetadataRoot = usage.HeldRoot;
        NeedsCheck = usage.NeedsCheck;
        FileSystemFreeBytes = fileSystemFreeBytes;
        LowWaterMarkBlocks = pool.LowWaterMarkBlocks;
        WhenFull = pool.WhenFull;
        Health = health;
        HealthReasons = healthReasons;
        VolumeGroup = lvm?.VolumeGroup;
        LogicalVolume = lvm?.LogicalVolume;
        VolumeGroupFreeBytes = lvm?.VolumeGroupFreeBytes;
        PhysicalDevices = lvm?.PhysicalDevices;
        AutoExtendThresholdPercent = lvm?.AutoExtend.ThresholdPercent;
        AutoExtendPercent = lvm?.AutoExtend.Percent;
        AutoExtendProfile = lvm?.AutoExtend.Profile;
        Monitored = lvm is null ? null : lvm.Monitor == Lvm.LvmMonitorState.Monitored;
        AutoExtendActive = lvm?.AutoExtendActive;
    }

    /// <summary>The pool name.</summary>
    public string Name { get; }

    /// <summary>How the pool is run.</summary>
    public PoolMode Mode { get; }

    /// <summary>Whether a kernel target is loaded.</summary>
    public PoolState State { get; }

    /// <summary>Healthy, Warning or Unhealthy; <see cref="HealthReasons"/> says why.</summary>
    public PoolHealth Health { get; }

    /// <summary>One sentence per condition that lowered <see cref="Health"/>.</summary>
    public IReadOnlyList<string> HealthReasons { get; }

    /// <summary>The use (percent) at which <see cref="Health"/> became Warning.</summary>
    public double WarningThresholdPercent { get; }

    /// <summary>The pool directory.</summary>
    public string Path { get; }

    /// <summary>The data file.</summary>
    public string DataFile { get; }

    /// <summary>The metadata file.</summary>
    public string MetadataFile { get; }

    /// <summary>The data block size in bytes.</summary>
    public long BlockSizeBytes { get; }

    /// <summary>Data space in bytes.</summary>
    public long DataTotalBytes { get; }

    /// <summary>Data space allocated, in bytes.</summary>
    public long DataUsedBytes { get; }

    /// <summary>Data space that can still be allocated, in bytes.</summary>
    public long DataAvailableBytes { get; }

    /// <summary>Data use in percent.</summary>
    public double DataUsedPercent { get; }

    /// <summary>Metadata space in bytes.</summary>
    public long MetadataTotalBytes { get; }

    /// <summary>Metadata space allocated, in bytes.</summary>
    public long MetadataUsedBytes { get; }

    /// <summary>Metadata space free, in bytes.</summary>
    public long MetadataAvailableBytes { get; }

    /// <summary>Metadata use in percent.</summary>
    public double MetadataUsedPercent { get; }

    /// <summary>The metadata's userspace transaction id.</summary>
    public ulong TransactionId { get; }

    /// <summary>Volumes and snapshots in the pool.</summary>
    public int VolumeCount { get; }

    /// <summary>The held metadata snapshot's block, or null when none is held.</summary>
    public ulong? HeldMetadataRoot { get; }

    /// <summary>True when the metadata asks for a check before use.</summary>
    public bool NeedsCheck { get; }

    /// <summary>Free bytes of the filesystem under the data file, or null for a block
    /// device.</summary>
    public long? FileSystemFreeBytes { get; }

    /// <summary>The low water mark in data blocks.</summary>
    public ulong LowWaterMarkBlocks { get; }

    /// <summary>What a running pool does with writes once full.</summary>
    public WhenFullAction WhenFull { get; }

    /// <summary>LVM mode: the volume group; null otherwise.</summary>
    public string? VolumeGroup { get; }

    /// <summary>LVM mode: the thin pool LV; null otherwise.</summary>
    public string? LogicalVolume { get; }

    /// <summary>LVM mode: unallocated bytes of the volume group, the room the pool can still
    /// grow into; null otherwise.</summary>
    public long? VolumeGroupFreeBytes { get; }

    /// <summary>LVM mode: the physical volumes of the volume group; null otherwise.</summary>
    public IReadOnlyList<string>? PhysicalDevices { get; }

    /// <summary>LVM mode: data use (percent) at which dmeventd extends the pool, as lvm
    /// applies it (100: never); null otherwise.</summary>
    public int? AutoExtendThresholdPercent { get; }

    /// <summary>LVM mode: how much each autoextend adds, in percent of the pool; null
    /// otherwise.</summary>
    public int? AutoExtendPercent { get; }

    /// <summary>LVM mode: the lvm profile the autoextend settings come from, or null when
    /// they come from lvm's global configuration (and for other modes).</summary>
    public string? AutoExtendProfile { get; }

    /// <summary>LVM mode: whether dmeventd monitors the pool; null otherwise.</summary>
    public bool? Monitored { get; }

    /// <summary>LVM mode: whether autoextend can fire (enabled and monitored); null
    /// otherwise.</summary>
    public bool? AutoExtendActive { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static double Percent(long part, long whole) =>
        whole == 0 ? 0 : Math.Round(100.0 * part / whole, 2);
}
