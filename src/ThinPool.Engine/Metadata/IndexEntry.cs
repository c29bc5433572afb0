using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

/// <summary>A space-map index entry (spec 7.1): where a bitmap lives and its search hints.</summary>
/// <param name="BitmapBlock">Metadata block holding the bitmap.</param>
/// <param name="FreeCount">Free entries in the bitmap (allocation hint).</param>
/// <param name="NoneFreeBefore">Every entry below this index is in use (search hint).</param>
public readonly record struct IndexEntry(ulong BitmapBlock, uint FreeCount, uint NoneFreeBefore)
{
    /// <summary>Size of an encoded entry in bytes.</summary>
    public const int Size = 16;

    /// <summary>Decodes an entry.</summary>
    /// <param name="bytes">At least 16 bytes.</param>
    /// <returns>The entry.</returns>
    public static IndexEntry Read(ReadOnlySpan<byte> bytes)
        => new(BinaryPrimitives.ReadUInt64LittleEndian(bytes),
               BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
               BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]));

    /// <summary>Encodes the entry.</summary>
    /// <param name="bytes">At least 16 bytes.</param>
    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, BitmapBlock);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], FreeCount);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[12..], NoneFreeBefore);
    }
}
