namespace ThinPool.Engine.Pool;

/// <summary>A thin volume or snapshot of a pool. Sizes are in bytes.</summary>
public sealed class ThinVolumeInfo
{
    internal ThinVolumeInfo(string pool, VolumeRecord record, ulong mappedBlocks, long blockBytes,
        string? devicePath = null, string? poolDeviceName = null)
    {
        DevicePath = devicePath;
        Pool = pool;
        Name = record.Name;
        DeviceId = record.DeviceId;
        SizeBytes = record.SizeBytes;
        MappedBytes = (long)mappedBlocks * blockBytes;
        MappedPercent = record.SizeBytes == 0 ? 0
            : Math.Round(100.0 * Math.Min(MappedBytes, SizeBytes) / SizeBytes, 2);
        Origin = record.Origin;
        ReadOnly = record.ReadOnly;
        Filesystem = record.Filesystem;
        Created = record.Created;
        DeviceMapperName = PoolRules.DeviceMapperName(poolDeviceName ?? pool, record.Name);
    }

    /// <summary>The pool the volume belongs to.</summary>
    public string Pool { get; }

    /// <summary>The volume name.</summary>
    public string Name { get; }

    /// <summary>The thin device id in the pool's metadata.</summary>
    public ulong DeviceId { get; }

    /// <summary>The virtual size in bytes.</summary>
    public long SizeBytes { get; }

    /// <summary>Bytes of the volume that have data blocks (shared or not).</summary>
    public long MappedBytes { get; }

    /// <summary><see cref="MappedBytes"/> as a percentage of <see cref="SizeBytes"/>.</summary>
    public double MappedPercent { get; }

    /// <summary>The volume this one is a snapshot of, or null.</summary>
    public string? Origin { get; }

    /// <summary>True for a snapshot.</summary>
    public bool IsSnapshot => Origin is not null;

    /// <summary>True when the volume refuses writes.</summary>
    public bool ReadOnly { get; }

    /// <summary>The filesystem recorded for the volume, if any.</summary>
    public string? Filesystem { get; }

    /// <summary>When the volume was created.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The device-mapper name it gets when the pool runs in the kernel.</summary>
    public string DeviceMapperName { get; }

    /// <summary>The active device, /dev/mapper/POOL-VOLUME, or null when the volume is not
    /// active (see Mount-ThinVolume).</summary>
    public string? DevicePath { get; }

    /// <summary>True when the volume's device is active.</summary>
    public bool IsMounted => DevicePath is not null;

    /// <inheritdoc/>
    public override string ToString() => Pool + "/" + Name;
}
