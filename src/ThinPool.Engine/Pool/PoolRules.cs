namespace ThinPool.Engine.Pool;

/// <summary>
/// The limits a pool must respect: block size, metadata size, names and device ids. They are
/// the kernel's limits, checked here so that a request is refused before anything is written.
/// </summary>
public static class PoolRules
{
    /// <summary>Smallest data block size, and the granule every block size is a multiple of.</summary>
    public const long MinBlockBytes = 64 * 1024;

    /// <summary>Largest data block size the kernel accepts (2,097,152 sectors).</summary>
    public const long MaxBlockBytes = 1024L * 1024 * 1024;

    /// <summary>The metadata block size of the on-disk format.</summary>
    public const long MetadataBlockBytes = 4096;

    /// <summary>Smallest metadata device the module creates (the kernel guide's minimum).</summary>
    public const long MinMetadataBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Largest usable metadata device: one index block of 255 bitmaps, 16,320 blocks each.
    /// The kernel ignores anything beyond it.
    /// </summary>
    public const long MaxMetadataBytes = 255L * 16320 * MetadataBlockBytes;

    /// <summary>Largest thin device id (24 bits, as the kernel's message interface).</summary>
    public const ulong MaxDeviceId = (1UL << 24) - 1;

    /// <summary>Longest device-mapper name, without the terminating NUL.</summary>
    public const int MaxDeviceMapperName = 127;

    /// <summary>
    /// The metadata size the kernel guide recommends for a data size and block size:
    /// 48 bytes per data block, at least <see cref="MinMetadataBytes"/>, at most
    /// <see cref="MaxMetadataBytes"/>, rounded up to whole metadata blocks.
    /// </summary>
    /// <param name="dataBytes">The data device size in bytes.</param>
    /// <param name="blockBytes">The data block size in bytes.</param>
    /// <returns>The metadata size in bytes.</returns>
    public static long RecommendedMetadataBytes(long dataBytes, long blockBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockBytes);
        long wanted = (long)Math.Min((decimal)MaxMetadataBytes, 48m * dataBytes / blockBytes);
        wanted = Math.Clamp(wanted, MinMetadataBytes, MaxMetadataBytes);
        return (wanted + MetadataBlockBytes - 1) / MetadataBlockBytes * MetadataBlockBytes;
    }

    /// <summary>True when the block size is a multiple of 64 KiB from 64 KiB to 1 GiB.</summary>
    /// <param name="blockBytes">The data block size in bytes.</param>
    /// <returns>Whether the kernel accepts it.</returns>
    public static bool IsValidBlockSize(long blockBytes) =>
        blockBytes >= MinBlockBytes && blockBytes <= MaxBlockBytes && blockBytes % MinBlockBytes == 0;

    /// <summary>Refuses a block size the kernel would not accept.</summary>
    /// <param name="blockBytes">The data block size in bytes.</param>
    /// <exception cref="PoolOperationException">The size is invalid.</exception>
    public static void ValidateBlockSize(long blockBytes)
    {
        if (!IsValidBlockSize(blockBytes))
        {
            throw new PoolOperationException(PoolErrorReason.InvalidBlockSize,
                blockBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Block size {blockBytes} bytes is not valid: use a multiple of 64 KiB from "
                + "64 KiB to 1 GiB, such as 64KB, 256KB or 1MB.");
        }
    }

    /// <summary>
    /// Refuses a pool or volume name that cannot become a device-mapper name: empty, '.' or
    /// '..', holding '/' or a control character, or too long.
    /// </summary>
    /// <param name="kind">"pool" or "volume", for the message.</param>
    /// <param name="name">The name to check.</param>
    /// <exception cref="PoolOperationException">The name is invalid.</exception>
    public static void ValidateName(string kind, string name)
    {
        string? why = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            why = "it is empty";
        }
        else if (name is "." or "..")
        {
            why = "'.' and '..' are reserved";
        }
        else if (name.Contains('/'))
        {
            why = "it contains '/'";
        }
        else if (name.Any(char.IsControl))
        {
            why = "it contains a control character";
        }
        else if (name.Trim() != name)
        {
            why = "it starts or ends with white space";
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxDeviceMapperName)
        {
            why = $"it is longer than {MaxDeviceMapperName} bytes";
        }

        if (why is not null)
        {
            throw new PoolOperationException(PoolErrorReason.InvalidName, name,
                $"The {kind} name '{name}' is not valid: {why}. Use letters, digits, '-', '_' "
                + "or '.'.");
        }
    }

    /// <summary>The device-mapper name a volume gets when its pool runs in the kernel.</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="volume">The volume name.</param>
    /// <returns><c>pool-volume</c>.</returns>
    public static string DeviceMapperName(string pool, string volume) => pool + "-" + volume;

    /// <summary>Refuses a volume name whose device-mapper name would be too long.</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="volume">The volume name.</param>
    /// <exception cref="PoolOperationException">The name is invalid.</exception>
    public static void ValidateVolumeName(string pool, string volume)
    {
        ValidateName("volume", volume);
        string dmName = DeviceMapperName(pool, volume);
        if (System.Text.Encoding.UTF8.GetByteCount(dmName) > MaxDeviceMapperName)
        {
            throw new PoolOperationException(PoolErrorReason.InvalidName, volume,
                $"The volume name '{volume}' is too long: its device-mapper name '{dmName}' "
                + $"would exceed {MaxDeviceMapperName} bytes. Choose a shorter name.");
        }
    }

    /// <summary>Refuses a percentage outside 0 to 100.</summary>
    /// <param name="what">The setting's name, for the message.</param>
    /// <param name="percent">The value.</param>
    /// <exception cref="PoolOperationException">The value is out of range.</exception>
    public static void ValidatePercent(string what, double percent)
    {
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
        {
            throw new PoolOperationException(PoolErrorReason.InvalidSize, what,
                $"{what} must be between 0 and 100; {percent} was given.");
        }
    }
}
