using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// The read-side checks of each block type (the kernel's validators): block number, checksum
/// and, for btree nodes, the header sanity rules of spec 5.1. Failures name the block.
/// </summary>
internal static class BlockValidator
{
    public static void Validate(ReadOnlySpan<byte> block, ulong location, MetadataBlockKind kind)
    {
        string name = Describe(kind);
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(block[8..]);
        if (kind == MetadataBlockKind.Superblock)
        {
            ulong magic = BinaryPrimitives.ReadUInt64LittleEndian(block[32..]);
            if (magic != MetadataFormat.SuperblockMagic)
            {
                throw new MetadataCorruptException(location, $"bad {name} magic {magic}");
            }
        }

        if (stored != location)
        {
            throw new MetadataCorruptException(
                location, $"{name} records block number {stored}, expected {location}");
        }

        uint csum = BlockChecksum.Compute(block, kind);
        if (csum != BlockChecksum.Stored(block))
        {
            throw new MetadataCorruptException(location, $"bad checksum in {name}");
        }

        if (kind == MetadataBlockKind.Node)
        {
            ValidateNodeHeader(block, location);
        }
    }

    private static void ValidateNodeHeader(ReadOnlySpan<byte> block, ulong location)
    {
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(block[4..]);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(block[16..]);
        uint max = BinaryPrimitives.ReadUInt32LittleEndian(block[20..]);
        uint valueSize = BinaryPrimitives.ReadUInt32LittleEndian(block[24..]);
        bool internalNode = (flags & MetadataFormat.InternalNodeFlag) != 0;
        bool leaf = (flags & MetadataFormat.LeafNodeFlag) != 0;
        if (internalNode == leaf)
        {
            throw new MetadataCorruptException(location, $"btree node flags {flags} invalid");
        }

        if (valueSize == 0 || valueSize > 1024 || max == 0 || max % 3 != 0
            || MetadataFormat.NodeHeaderSize + (ulong)max * (8 + valueSize) > MetadataFormat.BlockSize)
        {
            throw new MetadataCorruptException(
                location, $"btree node max_entries {max} / value_size {valueSize} invalid");
        }

        if (count > max)
        {
            throw new MetadataCorruptException(
                location, $"btree node nr_entries {count} exceeds max_entries {max}");
        }

        if (internalNode && valueSize != 8)
        {
            throw new MetadataCorruptException(
                location, $"internal btree node has value_size {valueSize}");
        }
    }

    private static string Describe(MetadataBlockKind kind) => kind switch
    {
        MetadataBlockKind.Superblock => "superblock",
        MetadataBlockKind.Node => "btree node",
        MetadataBlockKind.Bitmap => "space map bitmap",
        _ => "space map index block",
    };
}
