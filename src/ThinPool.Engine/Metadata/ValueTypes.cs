using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

/// <summary>Values that reference nothing: device details, index entries, ref counts.</summary>
internal sealed class PlainValueType : IValueType
{
    public PlainValueType(int size)
    {
        Size = size;
    }

    public int Size { get; }

    public bool CountsReferences => false;

    public void Inc(ReadOnlySpan<byte> value)
    {
    }

    public void Dec(ReadOnlySpan<byte> value)
    {
    }

    public bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceEqual(b);
}

/// <summary>A u64 metadata block pointer: inc/dec change that block's metadata count.</summary>
internal sealed class BlockPointerValueType : IValueType
{
    private readonly ISpaceMap _metadata;

    public BlockPointerValueType(ISpaceMap metadata)
    {
        _metadata = metadata;
    }

    public int Size => 8;

    public bool CountsReferences => true;

    public void Inc(ReadOnlySpan<byte> value) => _metadata.Inc(BinaryPrimitives.ReadUInt64LittleEndian(value));

    public void Dec(ReadOnlySpan<byte> value) => _metadata.Dec(BinaryPrimitives.ReadUInt64LittleEndian(value));

    public bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceEqual(b);
}

/// <summary>
/// A packed (data block &lt;&lt; 24 | time) mapping: inc/dec change the data block's count;
/// two values are equal when they name the same data block, whatever their times.
/// </summary>
internal sealed class BlockTimeValueType : IValueType
{
    private readonly ISpaceMap _data;

    public BlockTimeValueType(ISpaceMap data)
    {
        _data = data;
    }

    public int Size => 8;

    public bool CountsReferences => true;

    public static ulong Pack(ulong dataBlock, uint time) => (dataBlock << 24) | (time & 0xFFFFFFu);

    public static ulong DataBlockOf(ulong value) => value >> 24;

    public static uint TimeOf(ulong value) => (uint)(value & 0xFFFFFF);

    public void Inc(ReadOnlySpan<byte> value)
        => _data.Inc(DataBlockOf(BinaryPrimitives.ReadUInt64LittleEndian(value)));

    public void Dec(ReadOnlySpan<byte> value)
        => _data.Dec(DataBlockOf(BinaryPrimitives.ReadUInt64LittleEndian(value)));

    public bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        => DataBlockOf(BinaryPrimitives.ReadUInt64LittleEndian(a))
           == DataBlockOf(BinaryPrimitives.ReadUInt64LittleEndian(b));
}

/// <summary>
/// The top-level mapping tree seen as a one-level tree: a value is a device's bottom-tree
/// root; dropping it deletes that whole bottom tree (spec 5.2, 5.7).
/// </summary>
internal sealed class DeviceRootValueType : IValueType
{
    private readonly ISpaceMap _metadata;
    private readonly BTree _bottom;

    public DeviceRootValueType(ISpaceMap metadata, BTree bottom)
    {
        _metadata = metadata;
        _bottom = bottom;
    }

    public int Size => 8;

    public bool CountsReferences => true;

    public void Inc(ReadOnlySpan<byte> value) => _metadata.Inc(BinaryPrimitives.ReadUInt64LittleEndian(value));

    public void Dec(ReadOnlySpan<byte> value)
        => _bottom.DeleteTree(BinaryPrimitives.ReadUInt64LittleEndian(value));

    public bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceEqual(b);
}
