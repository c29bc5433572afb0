using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

/// <summary>The 128-byte space-map root kept in the superblock (spec 7.2).</summary>
/// <param name="BlockCount">Blocks described (nr_blocks).</param>
/// <param name="AllocatedCount">Blocks with a count above zero (nr_allocated).</param>
/// <param name="BitmapRoot">Metadata map: the index block; data map: the index tree root.</param>
/// <param name="RefCountRoot">Root of the overflow reference-count tree.</param>
public readonly record struct SpaceMapRoot(ulong BlockCount, ulong AllocatedCount,
    ulong BitmapRoot, ulong RefCountRoot)
{
    /// <summary>Size of the blob in the superblock.</summary>
    public const int Size = 128;

    /// <summary>Decodes a root blob.</summary>
    /// <param name="bytes">At least 32 bytes.</param>
    /// <returns>The root.</returns>
    public static SpaceMapRoot Read(ReadOnlySpan<byte> bytes)
        => new(BinaryPrimitives.ReadUInt64LittleEndian(bytes),
               BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
               BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
               BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));

    /// <summary>Encodes the root blob (the 96 trailing bytes are zeroed).</summary>
    /// <param name="bytes">At least 128 bytes.</param>
    public void Write(Span<byte> bytes)
    {
        bytes[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, BlockCount);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], AllocatedCount);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], BitmapRoot);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], RefCountRoot);
    }
}
