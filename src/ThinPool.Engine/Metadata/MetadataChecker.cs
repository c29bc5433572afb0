using System.Buffers.Binary;
using ThinPool.Engine.IO;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// An independent, read-only check of a dm-thin metadata device: the superblock, every
/// reachable block's checksum and location, the B-tree rules, the agreement of the device
/// details with the mapping tree, and every metadata and data reference count recomputed from
/// the trees and compared with both space maps.
/// </summary>
/// <remarks>
/// The checker parses blocks itself rather than going through <see cref="ThinMetadata"/>, so
/// that a bug in the engine's writer cannot hide the same bug in its reader. It never throws
/// for corrupt input: every problem becomes a <see cref="CheckFinding"/>. It cannot hang: each
/// node is descended into once (a visited map), tree depth is capped, and reads past the
/// device end are findings. Memory stays bounded by the metadata size: one counter per
/// metadata block, the list of distinct bottom-tree leaves, and data counts in chunks.
/// </remarks>
public sealed partial class MetadataChecker
{
    private const int BlockSize = 4096;
    private const ulong SuperblockMagic = 27022010;
    private const uint SuperblockCsumXor = 160774;
    private const uint NodeCsumXor = 121107;
    private const uint BitmapCsumXor = 240779;
    private const uint IndexCsumXor = 160478;
    private const int EntriesPerBitmap = 16320;
    private const ulong MaxMetadataBlocks = 255UL * EntriesPerBitmap;
    private const int MaxFindings = 1000;

    private readonly IBlockDevice _device;
    private readonly ulong _deviceBlocks;
    private readonly List<CheckFinding> _findings = new();
    private int _findingsLeftOut;

    // Recomputed metadata reference counts, one per block the device can hold.
    private readonly uint[] _metadataRefs;

    private MetadataChecker(IBlockDevice device)
    {
        _device = device;
        _deviceBlocks = (ulong)device.Length / BlockSize;
        _metadataRefs = new uint[Math.Min(_deviceBlocks, MaxMetadataBlocks)];
    }

    /// <summary>
    /// Checks the metadata on <paramref name="metadata"/> and returns every finding.
    /// </summary>
    /// <param name="metadata">The metadata device; only read.</param>
    /// <param name="metadataSnapshot">
    /// Check the held metadata snapshot (the superblock copy at <c>metadata_snap</c>) and its
    /// trees instead of the live ones, as <c>thin_check -m</c> does. The space maps describe the
    /// whole pool, so their counts are only compared in the default mode (which walks the held
    /// copy's trees as well).
    /// </param>
    /// <returns>The report; never null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="metadata"/> is null.</exception>
    public static CheckReport Check(IBlockDevice metadata, bool metadataSnapshot = false)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var checker = new MetadataChecker(metadata);
        return checker.Run(metadataSnapshot);
    }

    private CheckReport Run(bool metadataSnapshot)
    {
        Superblock? sb = null;
        TreeSet? trees = null;
        SpaceMapFigures? figures = null;
        try
        {
            sb = ReadSuperblock(0, "superblock");
            if (sb is not null)
            {
                (trees, figures) = metadataSnapshot ? CheckHeldCopy(sb) : CheckEverything(sb);
            }
        }
        catch (Exception e) when (e is IOException or ThinPoolException)
        {
            Add(null, CheckSeverity.Fatal, $"check stopped: {e.Message}");
        }

        return new CheckReport(_findings, _findingsLeftOut)
        {
            MetadataSnapshot = metadataSnapshot,
            TransactionId = sb?.TransactionId ?? 0,
            MetadataBlockCount = sb?.MetadataSpaceMap.NrBlocks ?? 0,
            MetadataBlocksReferenced = (ulong)_metadataRefs.Count(r => r != 0),
            DataBlockCount = sb?.DataSpaceMap.NrBlocks ?? 0,
            DataBlocksReferenced = figures?.DataBlocksReferenced ?? 0,
            DeviceCount = trees?.Devices.Count ?? 0,
            MappingCount = trees?.MappingCount ?? 0,
        };
    }

    private (TreeSet?, SpaceMapFigures?) CheckEverything(Superblock sb)
    {
        var metadataSm = ReadMetadataSpaceMap(sb.MetadataSpaceMap);
        var dataSm = ReadDataSpaceMap(sb.DataSpaceMap);
        var live = WalkTreeSet(sb, "live");
        if (sb.HeldRoot != 0)
        {
            CountReference(sb.HeldRoot, "held superblock copy");
            var held = ReadSuperblock(sb.HeldRoot, "held superblock copy");
            if (held is not null)
            {
                WalkTreeSet(held, "held copy");
            }
        }

        if (metadataSm is null)
        {
            return (live, null);
        }

        CompareMetadataCounts(metadataSm);
        var figures = dataSm is null ? null : CompareDataCounts(dataSm);
        return (live, figures);
    }

    private (TreeSet?, SpaceMapFigures?) CheckHeldCopy(Superblock sb)
    {
        if (sb.HeldRoot == 0)
        {
            Add(0, CheckSeverity.Fatal, "no metadata snapshot is held (metadata_snap is 0)");
            return (null, null);
        }

        var held = ReadSuperblock(sb.HeldRoot, "held superblock copy");
        return held is null ? (null, null) : (WalkTreeSet(held, "held copy"), null);
    }

    private void Add(ulong? block, CheckSeverity severity, string message, bool data = false)
    {
        if (_findings.Count >= MaxFindings)
        {
            _findingsLeftOut++;
            return;
        }

        _findings.Add(new CheckFinding(block, severity, message, data));
    }

    /// <summary>Counts one pointer to a metadata block; false when it points outside the device.</summary>
    private bool CountReference(ulong block, string what)
    {
        if (block >= (ulong)_metadataRefs.Length)
        {
            Add(block, CheckSeverity.Fatal, $"{what} points beyond the metadata device "
                + $"({_metadataRefs.Length} blocks)");
            return false;
        }

        _metadataRefs[block]++;
        return true;
    }

    /// <summary>
    /// Reads a block and verifies its location field and checksum for the expected type.
    /// Returns false (and records a fatal finding) when it cannot be trusted.
    /// </summary>
    private bool TryReadBlock(ulong block, uint csumXor, string what, Span<byte> buffer)
    {
        if (block >= _deviceBlocks)
        {
            Add(block, CheckSeverity.Fatal, $"{what} lies beyond the end of the metadata device");
            return false;
        }

        _device.Read((long)block * BlockSize, buffer);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        uint computed = Checksum.Compute(buffer[4..BlockSize], csumXor);
        if (stored != computed)
        {
            Add(block, CheckSeverity.Fatal, $"bad checksum in {what} (stored 0x{stored:x8}, "
                + $"computed 0x{computed:x8})");
            return false;
        }

        ulong location = BinaryPrimitives.ReadUInt64LittleEndian(buffer[8..]);
        if (location != block)
        {
            Add(block, CheckSeverity.Fatal, $"{what} says it lives at block {location}");
            return false;
        }

        return true;
    }

    private Superblock? ReadSuperblock(ulong block, string what)
    {
        var buffer = new byte[BlockSize];
        if (!TryReadBlock(block, SuperblockCsumXor, what, buffer))
        {
            return null;
        }

        var sb = Superblock.Parse(buffer);
        if (sb.Magic != SuperblockMagic)
        {
            Add(block, CheckSeverity.Fatal, $"{what} has magic {sb.Magic}, not {SuperblockMagic}");
            return null;
        }

        if (sb.IncompatFlags != 0)
        {
            Add(block, CheckSeverity.Fatal, $"{what} has unsupported incompat flags 0x{sb.IncompatFlags:x}");
        }

        if (sb.Version is < 1 or > 2)
        {
            Add(block, CheckSeverity.Fatal, $"{what} has unknown version {sb.Version}");
        }
        else if (sb.Version == 1)
        {
            Add(block, CheckSeverity.Warning, $"{what} has version 1 (the kernel writes 2)");
        }

        if (sb.MetadataBlockSize != BlockSize / 512)
        {
            Add(block, CheckSeverity.Fatal, $"{what} has metadata_block_size {sb.MetadataBlockSize}, not 8");
        }

        if (block == 0)
        {
            CountReference(0, "superblock");
            CheckSuperblockSizes(sb);
        }

        return sb;
    }

    private void CheckSuperblockSizes(Superblock sb)
    {
        ulong nr = sb.MetadataSpaceMap.NrBlocks;
        if (nr > (ulong)_metadataRefs.Length)
        {
            Add(0, CheckSeverity.Fatal, $"metadata space map describes {nr} blocks but the device "
                + $"holds {_metadataRefs.Length}");
        }

        if (sb.MetadataNrBlocks != nr)
        {
            Add(0, CheckSeverity.Warning, $"superblock metadata_nr_blocks {sb.MetadataNrBlocks} "
                + $"differs from the metadata space map's {nr}");
        }

        if (sb.DataBlockSize == 0)
        {
            Add(0, CheckSeverity.Fatal, "data_block_size is 0");
        }
    }
}
