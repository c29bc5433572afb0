using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

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
