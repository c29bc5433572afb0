using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

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
