using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

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
