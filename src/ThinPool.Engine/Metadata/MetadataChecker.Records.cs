using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

// The few on-disk records the checker decodes itself (layouts: format spec sections 4, 6, 7).
public sealed partial class MetadataChecker
{
    private sealed record SpaceMapRoot(ulong NrBlocks, ulong NrAllocated, ulong BitmapRoot,
        ulong RefCountRoot)
    {
        public static SpaceMapRoot Parse(ReadOnlySpan<byte> blob) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(blob),
            BinaryPrimitives.ReadUInt64LittleEndian(blob[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(blob[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(blob[24..]));
    }

    private sealed record Superblock(uint Flags, ulong Magic, uint Version, uint Time,
        ulong TransactionId, ulong HeldRoot, SpaceMapRoot DataSpaceMap,
        SpaceMapRoot MetadataSpaceMap, ulong MappingRoot, ulong DetailsRoot, uint DataBlockSize,
        uint MetadataBlockSize, ulong MetadataNrBlocks, uint IncompatFlags)
    {
        public static Superblock Parse(ReadOnlySpan<byte> b) => new(
            Flags: BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
            Magic: BinaryPrimitives.ReadUInt64LittleEndian(b[32..]),
            Version: BinaryPrimitives.ReadUInt32LittleEndian(b[40..]),
            Time: BinaryPrimitives.ReadUInt32LittleEndian(b[44..]),
            TransactionId: BinaryPrimitives.ReadUInt64LittleEndian(b[48..]),
            HeldRoot: BinaryPrimitives.ReadUInt64LittleEndian(b[56..]),
            DataSpaceMap: SpaceMapRoot.Parse(b.Slice(64, 128)),
            MetadataSpaceMap: SpaceMapRoot.Parse(b.Slice(192, 128)),
            MappingRoot: BinaryPrimitives.ReadUInt64LittleEndian(b[320..]),
            DetailsRoot: BinaryPrimitives.ReadUInt64LittleEndian(b[328..]),
            DataBlockSize: BinaryPrimitives.ReadUInt32LittleEndian(b[336..]),
            MetadataBlockSize: BinaryPrimitives.ReadUInt32LittleEndian(b[340..]),
            MetadataNrBlocks: BinaryPrimitives.ReadUInt64LittleEndian(b[344..]),
            IncompatFlags: BinaryPrimitives.ReadUInt32LittleEndian(b[360..]));
    }

    /// <summary>The header of a B-tree node (spec 5.1).</summary>
    private readonly record struct NodeHeader(uint Flags, uint NrEntries, uint MaxEntries,
        uint ValueSize)
    {
        public const int Size = 32;
        public const uint Internal = 1;
        public const uint Leaf = 2;

        public bool IsLeaf => Flags == Leaf;

        public static NodeHeader Parse(ReadOnlySpan<byte> b) => new(
            BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(b[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(b[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(b[24..]));

        public static ulong Key(ReadOnlySpan<byte> node, int i) =>
            BinaryPrimitives.ReadUInt64LittleEndian(node[(Size + 8 * i)..]);

        public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> node, int i) =>
            node.Slice(Size + 8 * (int)MaxEntries + (int)ValueSize * i, (int)ValueSize);
    }

    /// <summary>One device details record (spec 6.3).</summary>
    private readonly record struct Details(ulong MappedBlocks, ulong TransactionId,
        uint CreationTime, uint SnapshottedTime)
    {
        public static Details Parse(ReadOnlySpan<byte> v) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(v),
            BinaryPrimitives.ReadUInt64LittleEndian(v[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(v[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(v[20..]));
    }

    /// <summary>What a walk of one superblock's details and mapping trees found.</summary>
    private sealed class TreeSet
    {
        public SortedDictionary<ulong, ulong> Devices { get; } = new();   // id -> bottom root
        public ulong MappingCount { get; set; }
    }

    /// <summary>Figures from comparing the data space map with the recomputed counts.</summary>
    private sealed record SpaceMapFigures(ulong DataBlocksReferenced);
}
