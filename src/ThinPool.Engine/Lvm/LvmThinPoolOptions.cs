namespace ThinPool.Engine.Lvm;

/// <summary>
/// What <see cref="LvmThinPoolSetup"/> builds: the guide's direct-lvm layout, with its
/// defaults (95 % of the volume group for data, 1 % for metadata, 512 KiB chunks, autoextend
/// by 20 % at 80 % full).
/// </summary>
public sealed class LvmThinPoolOptions
{
    /// <summary>The smallest chunk size dm-thin accepts (128 sectors).</summary>
    public const long MinChunkSizeBytes = 64 * 1024;

    /// <summary>The largest chunk size dm-thin accepts (2097152 sectors).</summary>
    public const long MaxChunkSizeBytes = 1024L * 1024 * 1024;

    /// <summary>The pool's name; also the lvm profile name (<c>docker-thinpool</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The volume group to create (<c>docker</c>).</summary>
    public required string VolumeGroup { get; init; }

    /// <summary>The thin pool LV; its metadata LV is this name plus <c>meta</c> until
    /// lvconvert absorbs it.</summary>
    public string LogicalVolume { get; init; } = "thinpool";

    /// <summary>The devices that become physical volumes (at least one).</summary>
    public required IReadOnlyList<string> PhysicalDevices { get; init; }

    /// <summary>Share of the volume group for the data LV, 1..100.</summary>
    public int DataPercent { get; init; } = 95;

    /// <summary>Share of the volume group for the metadata LV, 1..100.</summary>
    public int MetadataPercent { get; init; } = 1;

    /// <summary>The pool's chunk (data block) size: a multiple of 64 KiB in
    /// 64 KiB..1 GiB.</summary>
    public long ChunkSizeBytes { get; init; } = 512 * 1024;

    /// <summary>Pool fullness, in percent, at which dmeventd extends it; 50..100, where 100
    /// turns autoextend off.</summary>
    public int AutoExtendThresholdPercent { get; init; } = 80;

    /// <summary>How much, in percent of its size, each autoextend adds; 1..100.</summary>
    public int AutoExtendPercent { get; init; } = 20;

    /// <summary>Erase signatures found on the devices, and overwrite an existing profile of
    /// the same name.</summary>
    public bool Force { get; init; }

    /// <summary>The metadata LV's name before conversion.</summary>
    public string MetadataLogicalVolume => LogicalVolume + "meta";

    /// <summary>Throws on the first invalid setting; nothing has run yet.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or a name is
    /// invalid.</exception>
    public void Validate()
    {
        LvmNames.ValidateProfile(Name, nameof(Name));
        LvmNames.ValidateVolumeGroup(VolumeGroup, nameof(VolumeGroup));
        LvmNames.ValidateLogicalVolume(LogicalVolume, nameof(LogicalVolume));
        LvmNames.ValidateLogicalVolume(MetadataLogicalVolume, nameof(LogicalVolume));
        if (PhysicalDevices.Count == 0)
        {
            throw new ArgumentException("Name at least one physical device.",
                nameof(PhysicalDevices));
        }

        foreach (string device in PhysicalDevices)
        {
            if (string.IsNullOrEmpty(device) || device[0] != '/')
            {
                throw new ArgumentException(
                    $"Physical device '{device}' must be an absolute path such as /dev/xvdf.",
                    nameof(PhysicalDevices));
            }
        }

        if (PhysicalDevices.Distinct(StringComparer.Ordinal).Count() != PhysicalDevices.Count)
        {
            throw new ArgumentException("A physical device is named twice.",
                nameof(PhysicalDevices));
        }

        RequireRange(DataPercent, 1, 100, nameof(DataPercent));
        RequireRange(MetadataPercent, 1, 100, nameof(MetadataPercent));
        if (DataPercent + MetadataPercent > 100)
        {
            throw new ArgumentException(
                $"DataPercent ({DataPercent}) and MetadataPercent ({MetadataPercent}) add up " +
                "to more than 100 % of the volume group.", nameof(DataPercent));
        }

        if (ChunkSizeBytes < MinChunkSizeBytes || ChunkSizeBytes > MaxChunkSizeBytes
            || ChunkSizeBytes % MinChunkSizeBytes != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSizeBytes), ChunkSizeBytes,
                "The chunk size must be a multiple of 64 KiB from 64 KiB to 1 GiB.");
        }

        RequireRange(AutoExtendThresholdPercent, 50, 100, nameof(AutoExtendThresholdPercent));
        RequireRange(AutoExtendPercent, 1, 100, nameof(AutoExtendPercent));
    }

    private static void RequireRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"{name} must be from {min} to {max}.");
        }
    }
}
