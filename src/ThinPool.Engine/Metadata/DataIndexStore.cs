namespace ThinPool.Engine.Metadata;

/// <summary>
/// The data space map's index (spec 7.4): entries live in a btree keyed by bitmap number.
/// Changed entries are kept in memory and inserted into the tree once, at commit, rather than
/// on every count change; the tree's content after commit is the same.
/// </summary>
internal sealed class DataIndexStore : IIndexStore
{
    private readonly BTree _tree;
    private readonly Dictionary<ulong, IndexEntry> _entries = new();
    private readonly SortedSet<ulong> _dirty = new();

    public DataIndexStore(BTree tree, ulong root)
    {
        _tree = tree;
        Root = root;
    }

    public ulong Root { get; private set; }

    public IndexEntry Load(ulong index)
    {
        if (_entries.TryGetValue(index, out IndexEntry entry))
        {
            return entry;
        }

        entry = LoadCommitted(Root, index);
        _entries[index] = entry;
        return entry;
    }

    public IndexEntry LoadCommitted(ulong root, ulong index)
    {
        if (!_tree.TryFind(root, index, out Node leaf, out int i))
        {
            throw new MetadataCorruptException(root, $"data space map index has no entry {index}");
        }

        return IndexEntry.Read(leaf.Value(i));
    }

    public void Save(ulong index, IndexEntry entry)
    {
        _entries[index] = entry;
        _dirty.Add(index);
    }

    public void Flush()
    {
        Span<byte> value = stackalloc byte[IndexEntry.Size];
        foreach (ulong index in _dirty)
        {
            _entries[index].Write(value);
            Root = _tree.Insert(Root, index, value, out _);
        }

        _dirty.Clear();
    }
}
