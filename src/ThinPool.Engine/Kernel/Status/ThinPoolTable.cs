namespace ThinPool.Engine.Kernel.Status;

/// <summary>
/// A thin-pool table line: builds what we load and parses what the kernel reports.
/// </summary>
/// <remarks>
/// Grammar of the parameters (after <c>start length thin-pool</c>):
/// <code>
/// params   := metadev SP datadev SP blocksize SP lwm [SP count (SP feature){count}]
/// metadev  := path | major ":" minor      (the kernel reports major:minor)
/// blocksize:= uint32                      sectors, 128 ..= 2097152, a multiple of 128
/// lwm      := uint64                      low water mark, data blocks
/// feature  := "skip_block_zeroing" | "ignore_discard" | "no_discard_passdown"
///           | "read_only" | "error_if_no_space"      (case-insensitive)
/// </code>
/// </remarks>
/// <param name="LengthSectors">The pool length: the data device size in sectors.</param>
/// <param name="MetadataDevice">The metadata device, a path or major:minor.</param>
/// <param name="DataDevice">The data device, a path or major:minor.</param>
/// <param name="DataBlockSizeSectors">The data block size in sectors.</param>
/// <param name="LowWaterMarkBlocks">Free data blocks at which the pool raises an event.</param>
/// <param name="Features">The feature arguments.</param>
public sealed record ThinPoolTable(ulong LengthSectors, string MetadataDevice, string DataDevice,
    uint DataBlockSizeSectors, ulong LowWaterMarkBlocks, ThinPoolFeatures Features)
{
    /// <summary>The target type name.</summary>
    public const string TargetType = "thin-pool";

    /// <summary>The smallest data block size, 64 KiB in sectors.</summary>
    public const uint MinBlockSizeSectors = 128;

    /// <summary>The largest data block size, 1 GiB in sectors.</summary>
    public const uint MaxBlockSizeSectors = 2_097_152;

    private const string What = "thin-pool table";

    private static readonly (ThinPoolFeatures Flag, string Word)[] FeatureWords =
    [
        (ThinPoolFeatures.SkipBlockZeroing, "skip_block_zeroing"),
        (ThinPoolFeatures.IgnoreDiscard, "ignore_discard"),
        (ThinPoolFeatures.NoDiscardPassdown, "no_discard_passdown"),
        (ThinPoolFeatures.ReadOnly, "read_only"),
        (ThinPoolFeatures.ErrorIfNoSpace, "error_if_no_space"),
    ];

    /// <summary>The line's parameters, in the kernel's feature order.</summary>
    /// <exception cref="ArgumentException">A value the kernel would refuse.</exception>
    public string FormatParameters()
    {
        Validate();
        var words = FeatureWords.Where(f => Features.HasFlag(f.Flag)).Select(f => f.Word).ToList();
        string features = words.Count == 0 ? string.Empty : $" {words.Count} {string.Join(' ', words)}";
        return $"{MetadataDevice} {DataDevice} {DataBlockSizeSectors} {LowWaterMarkBlocks}{features}";
    }

    /// <summary>The table line to load.</summary>
    public DmTarget ToTarget() => new(0, LengthSectors, TargetType, FormatParameters());

    /// <summary>Parses a table line the kernel reported for a thin-pool target.</summary>
    /// <param name="target">The line.</param>
    /// <exception cref="StatusParseException">Not a thin-pool line, or a field is malformed.</exception>
    public static ThinPoolTable Parse(DmTarget target)
    {
        if (target.TargetType != TargetType)
        {
            throw new StatusParseException(What, "target type", target.ToString(),
                $"'{target.TargetType}' is not {TargetType}");
        }

        return ParseParameters(target.LengthSectors, target.Parameters);
    }

    /// <summary>Parses thin-pool table parameters.</summary>
    /// <param name="lengthSectors">The line's length.</param>
    /// <param name="parameters">The parameters after the target type.</param>
    /// <exception cref="StatusParseException">A field is malformed.</exception>
    public static ThinPoolTable ParseParameters(ulong lengthSectors, string parameters)
    {
        string[] f = parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] names = ["metadata device", "data device", "data block size", "low water mark"];
        if (f.Length < 4)
        {
            throw new StatusParseException(What, names[f.Length], parameters, "missing");
        }

        ulong blockSize = ThinPoolTargetStatus.Number(f[2], names[2], parameters, What);
        if (blockSize > uint.MaxValue)
        {
            throw new StatusParseException(What, names[2], parameters, "too large");
        }

        ulong lwm = ThinPoolTargetStatus.Number(f[3], names[3], parameters, What);
        var features = ThinPoolFeatures.None;
        if (f.Length > 4)
        {
            ulong count = ThinPoolTargetStatus.Number(f[4], "feature count", parameters, What);
            if (count != (ulong)(f.Length - 5))
            {
                throw new StatusParseException(What, "feature count", parameters,
                    $"says {count}, {f.Length - 5} follow");
            }

            foreach (string word in f.Skip(5))
            {
                var match = FeatureWords.FirstOrDefault(
                    w => string.Equals(w.Word, word, StringComparison.OrdinalIgnoreCase));
                if (match.Word is null)
                {
                    throw new StatusParseException(What, "feature", parameters,
                        $"unknown feature '{word}'");
                }

                features |= match.Flag;
            }
        }

        return new ThinPoolTable(lengthSectors, f[0], f[1], (uint)blockSize, lwm, features);
    }

    private void Validate()
    {
        if (DataBlockSizeSectors < MinBlockSizeSectors || DataBlockSizeSectors > MaxBlockSizeSectors
            || DataBlockSizeSectors % MinBlockSizeSectors != 0)
        {
            throw new ArgumentException(
                $"Data block size {DataBlockSizeSectors} sectors must be a multiple of 128 from "
                + $"{MinBlockSizeSectors} to {MaxBlockSizeSectors}.");
        }

        if (string.IsNullOrWhiteSpace(MetadataDevice) || string.IsNullOrWhiteSpace(DataDevice)
            || MetadataDevice.Contains(' ') || DataDevice.Contains(' '))
        {
            throw new ArgumentException("Metadata and data devices must be paths without spaces.");
        }

        if (MetadataDevice == DataDevice)
        {
            throw new ArgumentException("Metadata and data devices must differ.");
        }

        if (LengthSectors < DataBlockSizeSectors)
        {
            throw new ArgumentException(
                $"Pool length {LengthSectors} sectors is smaller than one data block.");
        }
    }
}
