namespace ThinPool.Engine.Metadata;

/// <summary>
/// The metadata space map's index: up to 255 entries held in memory during a transaction and
/// written to a freshly shadowed index block at commit when they changed (spec 7.3).
/// </summary>
internal sealed class MetadataIndexStore : IIndexStore
{
    private readonly IndexEntry[] _entries = new IndexEntry[MetadataFormat.MaxMetadataBitmaps];
    private readonly TransactionManager _tm;

    public MetadataIndexStore(TransactionManager tm, ulong indexBlock)
    {
        _tm = tm;
        IndexBlock = indexBlock;
    }

    public ulong IndexBlock { get; private set; }

    public bool Changed { get; private set; }

    public static MetadataIndexStore Open(TransactionManager tm, ulong indexBlock, ulong bitmaps)
    {
        var store = new MetadataIndexStore(tm, indexBlock);
        byte[] data = tm.Read(indexBlock, MetadataBlockKind.Index);
        if (bitmaps > MetadataFormat.MaxMetadataBitmaps)
        {
            throw new MetadataCorruptException(indexBlock, $"{bitmaps} metadata bitmaps exceed 255");
        }

        for (int i = 0; i < (int)bitmaps; i++)
        {
            store._entries[i] = IndexEntry.Read(data.AsSpan(16 + (IndexEntry.Size * i)));
        }

        return store;
    }

    public void SetIndexBlock(ulong block) => IndexBlock = block;

    public IndexEntry Load(ulong index) => _entries[index];

    public void Save(ulong index, IndexEntry entry)
    {
        if (index >= MetadataFormat.MaxMetadataBitmaps)
        {
            throw new OutOfMetadataSpaceException("The metadata space map cannot describe more "
                                                  + "than 255 bitmaps.");
        }

        _entries[index] = entry;
        Changed = true;
    }

    public IndexEntry[] CopyEntries() => (IndexEntry[])_entries.Clone();

    /// <summary>Writes the entries into a shadow of the index block if they changed.</summary>
    public void Commit()
    {
        if (!Changed)
        {
            return;
        }

        // Shadowing allocates and frees metadata blocks, which changes entries: copy after.
        (ulong location, byte[] data) = _tm.Shadow(IndexBlock, MetadataBlockKind.Index, null, out _);
        data.AsSpan(16).Clear();
        for (int i = 0; i < _entries.Length; i++)
        {
            _entries[i].Write(data.AsSpan(16 + (IndexEntry.Size * i)));
        }

        IndexBlock = location;
        Changed = false;
    }
}
