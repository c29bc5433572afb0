namespace ThinPool.Engine.Pool;

/// <summary>What <see cref="ThinPoolService.CreatePool"/> needs to create a pool.</summary>
public sealed class PoolCreateOptions
{
    /// <summary>The pool name (also its device-mapper name when it runs in the kernel).</summary>
    public required string Name { get; init; }

    /// <summary>The pool directory; created when missing.</summary>
    public required string Path { get; init; }

    /// <summary>The data size in bytes; rounded down to whole blocks.</summary>
    public long DataSizeBytes { get; init; } = 100L * 1024 * 1024 * 1024;

    /// <summary>The metadata size in bytes, or null for the kernel guide's recommendation
    /// (<see cref="PoolRules.RecommendedMetadataBytes"/>).</summary>
    public long? MetadataSizeBytes { get; init; }

    /// <summary>The data block size in bytes.</summary>
    public long BlockSizeBytes { get; init; } = PoolRules.MinBlockBytes;

    /// <summary>Free data blocks at or below which the kernel raises an event; null picks 1%
    /// of the data blocks.</summary>
    public ulong? LowWaterMarkBlocks { get; init; }

    /// <summary>What a running pool does with writes once full.</summary>
    public WhenFullAction WhenFull { get; init; } = WhenFullAction.Queue;

    /// <summary>Free space (percent) below which new volumes and snapshots are refused.</summary>
    public double MinFreeSpacePercent { get; init; } = 10;

    /// <summary>Use (percent) above which status warns.</summary>
    public double WarningThresholdPercent { get; init; } = 80;

    /// <summary>How the pool is run; null picks the kernel (loop devices) where that backend
    /// is available and <see cref="PoolMode.Offline"/> elsewhere.</summary>
    public PoolMode? Mode { get; init; }

    /// <summary>Direct mode: the block device that holds the data (the pool's data size is
    /// its size); null for a pool on files.</summary>
    public string? DataDevice { get; init; }

    /// <summary>Direct mode: the block device that holds the metadata.</summary>
    public string? MetadataDevice { get; init; }

    /// <summary>Zero each new data block before its first use (off by default, as Docker
    /// runs its pools).</summary>
    public bool ZeroNewBlocks { get; init; }

    /// <summary>Pass discards down to the data device (on by default).</summary>
    public bool DiscardPassdown { get; init; } = true;

    /// <summary>LVM mode: the guide's direct-lvm pool to build with lvm2 (physical volumes,
    /// volume group, thin pool LV, autoextend profile); null otherwise.</summary>
    public Lvm.LvmThinPoolOptions? LvmSetup { get; init; }

    /// <summary>LVM mode: an existing LVM thin pool to adopt; null otherwise.</summary>
    public LvmPoolReference? LvmAdopt { get; init; }

    /// <summary>Replace an existing pool or non-empty files at <see cref="Path"/>; in LVM
    /// mode, erase signatures on the physical devices, or adopt a pool that is in use.</summary>
    public bool Force { get; init; }

    /// <summary>The metadata size that will be used.</summary>
    public long ResolvedMetadataBytes =>
        MetadataSizeBytes ?? PoolRules.RecommendedMetadataBytes(DataSizeBytes, BlockSizeBytes);

    /// <summary>The data size that will be used: whole blocks.</summary>
    public long ResolvedDataBytes =>
        BlockSizeBytes <= 0 ? DataSizeBytes : DataSizeBytes / BlockSizeBytes * BlockSizeBytes;
}
