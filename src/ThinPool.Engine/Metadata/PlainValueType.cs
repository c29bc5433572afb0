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
