namespace ThinPool.Engine.Metadata;

/// <summary>
/// Reference counts of metadata blocks (spec 7.3, 7.6). Changing a count changes metadata
/// blocks (bitmaps, overflow-tree nodes), which needs allocations and frees from this same
/// map. The recursion is broken with a FIFO of deferred operations: while one operation is
/// being applied, nested ones are queued and applied afterwards, and count queries include
/// the queued operations so that shadowing decisions stay right. During format and growth the
/// map allocates linearly ("bootstrap") because it cannot yet count.
/// </summary>
internal sealed class MetadataSpaceMap : ISpaceMap
{
    private readonly TransactionManager _tm;
    private readonly MetadataIndexStore _index;
    private readonly SpaceMapCore _core;
    private readonly List<(bool Inc, ulong Block)> _pending = new();
    private int _pendingHead;
    private int _depth;
    private bool _bootstrap;
    private ulong _linearNext;
    private ulong _linearLimit;
    private ulong _cursor;
    private IndexEntry[] _committedEntries;
    private ulong _committedBlockCount;
    private ulong _committedAllocated;

    private MetadataSpaceMap(TransactionManager tm, MetadataIndexStore index, SpaceMapCore core)
    {
        _tm = tm;
        _index = index;
        _core = core;
        _committedEntries = index.CopyEntries();
        _committedBlockCount = core.BlockCount;
        _committedAllocated = core.AllocatedCount;
    }

    public ulong BlockCount => _core.BlockCount;

    public ulong AllocatedCount => _core.AllocatedCount;

    /// <summary>Free blocks as the kernel reports them: committed free minus this
    /// transaction's allocations.</summary>
    public ulong FreeCount
    {
        get
        {
            ulong committedFree = _committedBlockCount - _committedAllocated;
            return committedFree > AllocatedThisTransaction ? committedFree - AllocatedThisTransaction : 0;
        }
    }

    public ulong AllocatedThisTransaction { get; private set; }

    public SpaceMapRoot Root => _core.Root(_index.IndexBlock);

    /// <summary>Builds the map of a freshly formatted device (spec 7.6 bootstrap).</summary>
    public static MetadataSpaceMap Format(TransactionManager tm, BTree refCounts, ulong blockCount)
    {
        var index = new MetadataIndexStore(tm, 0);
        var core = new SpaceMapCore(tm, index, refCounts, default);
        var map = new MetadataSpaceMap(tm, index, core)
        {
            _bootstrap = true,
            _linearNext = 1,
            _linearLimit = blockCount,
        };
        tm.MetadataSpaceMap = map;

        (ulong indexBlock, _) = tm.NewBlock(MetadataBlockKind.Index);
        map._index.SetIndexBlock(indexBlock);
        core.RefCountRoot = refCounts.CreateEmpty();
        core.Extend(blockCount);

        map._bootstrap = false;
        for (ulong b = 0; b < map._linearNext; b++)
        {
            map._pending.Add((true, b));
        }

        map.Drain();
        map.Commit();
        return map;
    }

    public static MetadataSpaceMap Open(TransactionManager tm, BTree refCounts, SpaceMapRoot root)
    {
        ulong bitmaps = (root.BlockCount + MetadataFormat.EntriesPerBitmap - 1)
                        / MetadataFormat.EntriesPerBitmap;
        MetadataIndexStore index = MetadataIndexStore.Open(tm, root.BitmapRoot, bitmaps);
        var core = new SpaceMapCore(tm, index, refCounts, root);
        var map = new MetadataSpaceMap(tm, index, core);
        tm.MetadataSpaceMap = map;
        return map;
    }

    public uint GetCount(ulong block)
    {
        if (_bootstrap)
        {
            return block < _linearNext ? 1u : 0u;
        }

        return (uint)(_core.Lookup(block) + PendingAdjustment(block));
    }

    public bool CountIsMoreThanOne(ulong block)
    {
        if (_bootstrap)
        {
            return false;
        }

        int adjustment = PendingAdjustment(block);
        if (adjustment > 1)
        {
            return true;
        }

        uint bits = _core.LookupBitmap(block);
        return bits == 3 || bits + adjustment > 1;
    }

    public void Inc(ulong block) => Apply(true, block);

    public void Dec(ulong block) => Apply(false, block);

    public ulong NewBlock()
    {
        if (_bootstrap)
        {
            if (_linearNext >= _linearLimit)
            {
                throw new OutOfMetadataSpaceException("The metadata device is full.");
            }

            return _linearNext++;
        }

        ulong? found = FindCommonFree(_cursor, _core.BlockCount) ?? FindCommonFree(0, _cursor);
        if (found is not ulong block)
        {
            throw new OutOfMetadataSpaceException(
                "Every metadata block is in use; grow the metadata device.");
        }

        _cursor = block + 1;
        Apply(true, block);
        AllocatedThisTransaction++;
        return block;
    }

    /// <summary>
    /// Grows the map to describe <paramref name="extra"/> more blocks. New bitmaps and every
    /// block touched while counting them come linearly from the added area; rounds repeat until
    /// a round allocates nothing (the kernel's sm_metadata_extend).
    /// </summary>
    public void Extend(ulong extra)
    {
        ulong counted = _core.BlockCount;
        _bootstrap = true;
        _linearNext = counted;
        _linearLimit = counted + extra;
        try
        {
            _core.Extend(extra);
            do
            {
                for (ulong b = counted; b < _linearNext; b++)
                {
                    _pending.Add((true, b));
                }

                counted = _linearNext;
                Drain();
                _index.Commit();
            }
            while (counted != _linearNext);
        }
        finally
        {
            _bootstrap = false;
        }
    }

    /// <summary>Writes the index if it changed and remembers this state as committed.</summary>
    public void Commit()
    {
        _index.Commit();
        _committedEntries = _index.CopyEntries();
        _committedBlockCount = _core.BlockCount;
        _committedAllocated = _core.AllocatedCount;
        AllocatedThisTransaction = 0;
    }

    private void Apply(bool inc, ulong block)
    {
        if (_bootstrap || _depth > 0)
        {
            _pending.Add((inc, block));
            return;
        }

        _depth = 1;
        try
        {
            _core.Mutate(block, inc ? 1 : -1);
            Drain();
        }
        finally
        {
            _depth = 0;
        }
    }

    /// <summary>Applies queued operations in order; each stays queued (and counted by
    /// queries) until it has been applied, and applying may queue more.</summary>
    private void Drain()
    {
        int saved = _depth;
        _depth = 1;
        try
        {
            while (_pendingHead < _pending.Count)
            {
                (bool inc, ulong block) = _pending[_pendingHead];
                _core.Mutate(block, inc ? 1 : -1);
                _pendingHead++;
            }

            _pending.Clear();
            _pendingHead = 0;
        }
        finally
        {
            _depth = saved;
        }
    }

    private int PendingAdjustment(ulong block)
    {
        int adjustment = 0;
        for (int i = _pendingHead; i < _pending.Count; i++)
        {
            (bool inc, ulong b) = _pending[i];
            if (b == block)
            {
                adjustment += inc ? 1 : -1;
            }
        }

        return adjustment;
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

            if (WasFreeAtCommit(block) && PendingAdjustment(block) <= 0)
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
        ulong committedBitmap = _committedEntries[i].BitmapBlock;
        if (committedBitmap == _index.Load(i).BitmapBlock)
        {
            return true;
        }

        byte[] bitmap = _tm.Read(committedBitmap, MetadataBlockKind.Bitmap);
        return Bitmap.Get(bitmap, (int)(block % MetadataFormat.EntriesPerBitmap)) == 0;
    }
}
