using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// A view of a btree node's bytes (spec 5.1): header, then a key array and a value array of
/// max_entries slots each. Slots at or past nr_entries are garbage and never interpreted.
/// </summary>
internal readonly struct Node
{
    public Node(byte[] buffer)
    {
        Buffer = buffer;
    }

    public byte[] Buffer { get; }

    public uint Flags
    {
        get => BinaryPrimitives.ReadUInt32LittleEndian(Buffer.AsSpan(4));
        set => BinaryPrimitives.WriteUInt32LittleEndian(Buffer.AsSpan(4), value);
    }

    public bool IsLeaf => (Flags & MetadataFormat.LeafNodeFlag) != 0;

    public int Count
    {
        get => (int)BinaryPrimitives.ReadUInt32LittleEndian(Buffer.AsSpan(16));
        set => BinaryPrimitives.WriteUInt32LittleEndian(Buffer.AsSpan(16), (uint)value);
    }

    public int MaxEntries
    {
        get => (int)BinaryPrimitives.ReadUInt32LittleEndian(Buffer.AsSpan(20));
        set => BinaryPrimitives.WriteUInt32LittleEndian(Buffer.AsSpan(20), (uint)value);
    }

    public int ValueSize
    {
        get => (int)BinaryPrimitives.ReadUInt32LittleEndian(Buffer.AsSpan(24));
        set => BinaryPrimitives.WriteUInt32LittleEndian(Buffer.AsSpan(24), (uint)value);
    }

    /// <summary>Sets up an empty node's header (the buffer is expected zeroed).</summary>
    public void Initialise(bool leaf, int valueSize)
    {
        Flags = leaf ? MetadataFormat.LeafNodeFlag : MetadataFormat.InternalNodeFlag;
        Count = 0;
        MaxEntries = MetadataFormat.MaxEntries(valueSize);
        ValueSize = valueSize;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Key(int i)
        => BinaryPrimitives.ReadUInt64LittleEndian(Buffer.AsSpan(MetadataFormat.NodeHeaderSize + 8 * i));

    public void SetKey(int i, ulong key)
        => BinaryPrimitives.WriteUInt64LittleEndian(
            Buffer.AsSpan(MetadataFormat.NodeHeaderSize + 8 * i), key);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ValueOffset(int i) => MetadataFormat.NodeHeaderSize + 8 * MaxEntries + ValueSize * i;

    public Span<byte> Value(int i) => Buffer.AsSpan(ValueOffset(i), ValueSize);

    public ulong Value64(int i) => BinaryPrimitives.ReadUInt64LittleEndian(Buffer.AsSpan(ValueOffset(i)));

    public void SetValue64(int i, ulong value)
        => BinaryPrimitives.WriteUInt64LittleEndian(Buffer.AsSpan(ValueOffset(i)), value);

    /// <summary>Index of the largest key &lt;= <paramref name="key"/>, or -1.</summary>
    public int LowerBound(ulong key)
    {
        int lo = -1;
        int hi = Count;
        while (hi - lo > 1)
        {
            int mid = lo + ((hi - lo) >> 1);
            ulong k = Key(mid);
            if (k == key)
            {
                return mid;
            }

            if (k < key)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Index of <paramref name="key"/> in a leaf, or -1.</summary>
    public int IndexOf(ulong key)
    {
        int i = LowerBound(key);
        return i >= 0 && Key(i) == key ? i : -1;
    }

    public void InsertAt(int i, ulong key, ReadOnlySpan<byte> value)
    {
        int count = Count;
        int vs = ValueSize;
        if (i < count)
        {
            Span<byte> keys = Buffer.AsSpan(MetadataFormat.NodeHeaderSize);
            keys.Slice(8 * i, 8 * (count - i)).CopyTo(keys.Slice(8 * (i + 1)));
            Span<byte> values = Buffer.AsSpan(ValueOffset(0));
            values.Slice(vs * i, vs * (count - i)).CopyTo(values.Slice(vs * (i + 1)));
        }

        SetKey(i, key);
        value.CopyTo(Value(i));
        Count = count + 1;
    }

    public void DeleteAt(int i)
    {
        int count = Count;
        int vs = ValueSize;
        int after = count - i - 1;
        if (after > 0)
        {
            Span<byte> keys = Buffer.AsSpan(MetadataFormat.NodeHeaderSize);
            keys.Slice(8 * (i + 1), 8 * after).CopyTo(keys.Slice(8 * i));
            Span<byte> values = Buffer.AsSpan(ValueOffset(0));
            values.Slice(vs * (i + 1), vs * after).CopyTo(values.Slice(vs * i));
        }

        Count = count - 1;
    }

    /// <summary>Copies <paramref name="count"/> entries from <paramref name="source"/>.</summary>
    public void CopyEntries(int to, Node source, int from, int count)
    {
        if (count <= 0)
        {
            return;
        }

        source.Buffer.AsSpan(MetadataFormat.NodeHeaderSize + 8 * from, 8 * count)
            .CopyTo(Buffer.AsSpan(MetadataFormat.NodeHeaderSize + 8 * to));
        source.Buffer.AsSpan(source.ValueOffset(from), ValueSize * count)
            .CopyTo(Buffer.AsSpan(ValueOffset(to)));
    }
}
