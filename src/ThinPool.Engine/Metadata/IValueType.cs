namespace ThinPool.Engine.Metadata;

/// <summary>
/// What a btree's leaf values point at (spec 5.2): when a shared leaf is copied every value
/// gains a reference (<see cref="Inc"/>), and a value that is dropped or overwritten loses one
/// (<see cref="Dec"/>).
/// </summary>
internal interface IValueType
{
    int Size { get; }

    /// <summary>False for plain values (details, index entries, counts): nothing to count.</summary>
    bool CountsReferences { get; }

    void Inc(ReadOnlySpan<byte> value);

    void Dec(ReadOnlySpan<byte> value);

    bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b);
}
