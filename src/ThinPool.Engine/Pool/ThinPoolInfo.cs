namespace ThinPool.Engine.Pool;

/// <summary>A known pool: where it lives and how it was set up. Sizes are in bytes.</summary>
public sealed class ThinPoolInfo
{
    internal ThinPoolInfo(PoolDescriptor descriptor, string path, long dataSizeBytes,
        long metadataSizeBytes, PoolState state)
    {
        Name = descriptor.Name;
        Path = path;
        Mode = descriptor.Mode;
        State = state;
        BlockSizeBytes = descriptor.BlockBytes;
        DataSizeBytes = dataSizeBytes;
        MetadataSizeBytes = metadataSizeBytes;
        DataFile = System.IO.Path.Combine(path, descriptor.DataFile);
        MetadataFile = System.IO.Path.Combine(path, descriptor.MetadataFile);
        LowWaterMarkBlocks = descriptor.LowWaterMarkBlocks;
        WhenFull = descriptor.WhenFull;
        MinFreeSpacePercent = descriptor.MinFreeSpacePercent;
        WarningThresholdPercent = descriptor.WarningThresholdPercent;
        VolumeCount = descriptor.Volumes.Count;
        Created = descriptor.Created;
        DeviceMapperName = descriptor.Mode == PoolMode.Offline ? null : descriptor.DeviceMapperName;
        VolumeGroup = descriptor.VolumeGroup;
        LogicalVolume = descriptor.LogicalVolume;
    }

    /// <summary>The pool name.</summary>
    public string Name { get; }

    /// <summary>The pool directory.</summary>
    public string Path { get; }

    /// <summary>How the pool is run.</summary>
    public PoolMode Mode { get; }

    /// <summary>Whether a kernel target is loaded.</summary>
    public PoolState State { get; }

    /// <summary>The data block size in bytes.</summary>
    public long BlockSizeBytes { get; }

    /// <summary>The usable data size in bytes (whole blocks).</summary>
    public long DataSizeBytes { get; }

    /// <summary>The metadata file size in bytes.</summary>
    public long MetadataSizeBytes { get; }

    /// <summary>The data file.</summary>
    public string DataFile { get; }

    /// <summary>The metadata file.</summary>
    public string MetadataFile { get; }

    /// <summary>Free data blocks at or below which the kernel raises an event.</summary>
    public ulong LowWaterMarkBlocks { get; }

    /// <summary>What a running pool does with writes once full.</summary>
    public WhenFullAction WhenFull { get; }

    /// <summary>Free space (percent of data and of metadata) below which new volumes are
    /// refused.</summary>
    public double MinFreeSpacePercent { get; }

    /// <summary>Use (percent) above which status writes a warning.</summary>
    public double WarningThresholdPercent { get; }

    /// <summary>How many volumes and snapshots the pool holds.</summary>
    public int VolumeCount { get; }

    /// <summary>When the pool was created.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The pool's device-mapper name (its device is /dev/mapper/NAME when active):
    /// the pool name, or for an LVM pool the <c>VG-LV</c> name lvm gives it; null for an
    /// offline pool.</summary>
    public string? DeviceMapperName { get; }

    /// <summary>LVM mode: the volume group; null otherwise.</summary>
    public string? VolumeGroup { get; }

    /// <summary>LVM mode: the thin pool LV; null otherwise.</summary>
    public string? LogicalVolume { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
