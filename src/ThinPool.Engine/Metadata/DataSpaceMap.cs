namespace ThinPool.Engine.Metadata;

/// <summary>
/// Reference counts of data blocks (spec 7.4): bitmaps and an index btree stored in metadata
/// blocks, so changing a count allocates from the metadata space map, never from itself.
/// Allocation skips blocks that are free now but were in use at the last commit, so a crash
/// can never find a committed mapping pointing at overwritten data.
/// </summary>
internal sealed class DataSpaceMap : ISpaceMap
{
    private readonly TransactionManager _tm;
    private readonly DataIndexStore _index;
    private readonly SpaceMapCore _core;
    private readonly Dictionary<ulong, ulong> _committedBitmaps = new();
    private ulong _committedIndexRoot;
    private ulong _committedBlockCount;
    private ulong _cursor;

    private DataSpaceMap(TransactionManager tm, DataIndexStore index, SpaceMapCore core)
    {
        _tm = tm;
        _index = index;
        _core = core;
        RememberCommitted();
    }

    public ulong BlockCount => _core.BlockCount;

    public ulong AllocatedCount => _core.AllocatedCount;

    public SpaceMapRoot Root => _core.Root(_index.Root);

    public static DataSpaceMap Create(TransactionManager tm, BTree indexTree, BTree refCounts)
    {
        ulong indexRoot = indexTree.CreateEmpty();
        ulong refRoot = refCounts.CreateEmpty();
        return Open(tm, indexTree, refCounts, new SpaceMapRoot(0, 0, indexRoot, refRoot));
    }

    public static DataSpaceMap Open(TransactionManager tm, BTree indexTree, BTree refCounts,
                                    SpaceMapRoot root)
    {
        var index = new DataIndexStore(indexTree, root.BitmapRoot);
        var core = new SpaceMapCore(tm, index, refCounts, root);
        return new DataSpaceMap(tm, index, core);
    }

    public uint GetCount(ulong block) => _core.Lookup(block);

    public bool CountIsMoreThanOne(ulong block) => _core.LookupBitmap(block) > 1;

    public void Inc(ulong block) => _core.Mutate(block, 1);

    public void Dec(ulong block) => _core.Mutate(block, -1);

    public ulong NewBlock()
    {
        ulong? found = FindCommonFree(_cursor, _core.BlockCount) ?? FindCommonFree(0, _cursor);
        if (found is not ulong block)
        {
            throw new OutOfDataSpaceException(
                "Every data block of the pool is in use; grow the data device or discard blocks.");
        }

        _cursor = block + 1;
        _core.Mutate(block, 1);
        return block;
    }

    public void Extend(ulong extra) => _core.Extend(extra);

    /// <summary>Writes changed index entries into the index tree and remembers the state.</summary>
    public void Commit()
    {
        _index.Flush();
        RememberCommitted();
    }

    private void RememberCommitted()
    {
        _committedIndexRoot = _index.Root;
        _committedBlockCount = _core.BlockCount;
        _committedBitmaps.Clear();
    }

    private ulong? FindCommonFree(ulong begin, ulong end)
    {
        ulong from = begin;
        while (true)
        {
            ulong? candidate = _core.FindFree(from, end);
            if (candidate is not ulong block)
            {
                return null;
            }

            if (WasFreeAtCommit(block))
            {
                return block;
            }

            from = block + 1;
        }
    }

    private bool WasFreeAtCommit(ulong block)
    {
        if (block >= _committedBlockCount)
        {
            return true;
        }

        ulong i = block / MetadataFormat.EntriesPerBitmap;
        if (!_committedBitmaps.TryGetValue(i, out ulong committedBitmap))
        {
            committedBitmap = _index.LoadCommitted(_committedIndexRoot, i).BitmapBlock;
            _committedBitmaps[i] = committedBitmap;
        }

        if (committedBitmap == _index.Load(i).BitmapBlock)
        {
            return true;
        }

        byte[] bitmap = _tm.Read(committedBitmap, MetadataBlockKind.Bitmap);
        return Bitmap.Get(bitmap, (int)(block % MetadataFormat.EntriesPerBitmap)) == 0;
    }
}
