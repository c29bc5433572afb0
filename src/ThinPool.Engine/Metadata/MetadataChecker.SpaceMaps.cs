using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

// Space maps (spec 7 and 8): read both maps' bitmaps and overflow trees, then compare every
// entry with the reference counts recomputed from the trees.
public sealed partial class MetadataChecker
{
    // Data counts are recomputed in chunks of whole bitmaps so a huge data device needs at
    // most this many bytes of counters at a time.
    private const ulong DataChunkBlocks = EntriesPerBitmap * 8192UL;

    /// <summary>A space map as read from disk: where its bitmaps are and its overflow counts.</summary>
    private sealed class SpaceMapState
    {
        public required string Name { get; init; }
        public required SpaceMapRoot Root { get; init; }
        public required bool IsData { get; init; }

        /// <summary>Per bitmap: its block, or null when missing or unreadable.</summary>
        public List<(ulong? Block, uint NoneFreeBefore)> Bitmaps { get; } = new();

        /// <summary>Overflow counts; matched entries are removed while comparing.</summary>
        public Dictionary<ulong, uint> Overflow { get; } = new();
    }

    private static ulong BitmapCount(ulong nrBlocks) =>
        (nrBlocks + EntriesPerBitmap - 1) / EntriesPerBitmap;

    private SpaceMapState? ReadMetadataSpaceMap(SpaceMapRoot root)
    {
        var sm = new SpaceMapState { Name = "metadata", Root = root, IsData = false };
        ulong count = BitmapCount(root.NrBlocks);
        if (count > 255)
        {
            Add(0, CheckSeverity.Fatal, $"metadata space map needs {count} bitmaps, more than 255");
            return null;
        }

        var index = new byte[BlockSize];
        if (!CountReference(root.BitmapRoot, "metadata space map index")
            || !TryReadBlock(root.BitmapRoot, IndexCsumXor, "metadata space map index", index))
        {
            return null;
        }

        for (int i = 0; i < (int)count; i++)
        {
            var entry = index.AsSpan(16 + 16 * i, 16);
            AddBitmap(sm, i, BinaryPrimitives.ReadUInt64LittleEndian(entry),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]));
        }

        ReadOverflow(sm, TreeKind.MetadataRefCount);
        return sm;
    }

    private SpaceMapState? ReadDataSpaceMap(SpaceMapRoot root)
    {
        var sm = new SpaceMapState { Name = "data", Root = root, IsData = true };
        if (BitmapCount(root.NrBlocks) > (ulong)_metadataRefs.Length)
        {
            // Every bitmap is a metadata block; a count this large is a damaged superblock,
            // and walking it would take forever.
            Add(0, CheckSeverity.Fatal, $"data space map describes {root.NrBlocks} blocks, more "
                + "bitmaps than the metadata device can hold");
            return null;
        }

        var entries = new SortedDictionary<ulong, (ulong Block, uint NoneFreeBefore)>();
        if (!VisitRoot(root.BitmapRoot, TreeKind.DataIndex))
        {
            return null;
        }

        EnumerateLeaves(root.BitmapRoot, TreeKind.DataIndex, 0, (key, value) => entries[key] =
            (BinaryPrimitives.ReadUInt64LittleEndian(value),
             BinaryPrimitives.ReadUInt32LittleEndian(value[12..])));
        ulong count = BitmapCount(root.NrBlocks);
        foreach (var key in entries.Keys.Where(k => k >= count))
        {
            Add(root.BitmapRoot, CheckSeverity.Fatal, $"data space map index has an entry for bitmap "
                + $"{key}, but {root.NrBlocks} blocks need only {count}");
        }

        for (ulong i = 0; i < count; i++)
        {
            if (entries.TryGetValue(i, out var e))
            {
                AddBitmap(sm, (int)i, e.Block, e.NoneFreeBefore);
            }
            else
            {
                Add(root.BitmapRoot, CheckSeverity.Fatal, $"data space map index lacks bitmap {i}");
                sm.Bitmaps.Add((null, 0));
            }
        }

        ReadOverflow(sm, TreeKind.DataRefCount);
        return sm;
    }

    private void AddBitmap(SpaceMapState sm, int i, ulong block, uint noneFreeBefore)
    {
        string what = $"{sm.Name} space map bitmap {i}";
        var buffer = Buffer(0);
        bool ok = CountReference(block, what) && TryReadBlock(block, BitmapCsumXor, what, buffer);
        sm.Bitmaps.Add((ok ? block : null, noneFreeBefore));
    }

    private void ReadOverflow(SpaceMapState sm, TreeKind kind)
    {
        if (VisitRoot(sm.Root.RefCountRoot, kind))
        {
            EnumerateLeaves(sm.Root.RefCountRoot, kind, 0,
                (key, value) => sm.Overflow[key] = BinaryPrimitives.ReadUInt32LittleEndian(value));
        }
    }

    private void CompareMetadataCounts(SpaceMapState sm)
    {
        ulong nr = Math.Min(sm.Root.NrBlocks, (ulong)_metadataRefs.Length);
        ulong allocated = CompareRange(sm, 0, nr, b => _metadataRefs[b]);
        for (ulong b = nr; b < (ulong)_metadataRefs.Length; b++)
        {
            if (_metadataRefs[b] != 0)
            {
                Add(b, CheckSeverity.Fatal, "block is in use but lies outside the metadata space map");
            }
        }

        FinishComparison(sm, allocated);
    }

    private SpaceMapFigures CompareDataCounts(SpaceMapState sm)
    {
        ulong nr = sm.Root.NrBlocks;
        ulong allocated = 0;
        ulong referenced = 0;
        var counts = new byte[Math.Min(nr, DataChunkBlocks)];
        var saturated = new Dictionary<ulong, uint>();
        var leaf = new byte[BlockSize];
        bool firstPass = true;
        for (ulong low = 0; low < nr || firstPass; low += DataChunkBlocks)
        {
            ulong high = Math.Min(nr, low + DataChunkBlocks);
            Array.Clear(counts);
            saturated.Clear();
            foreach (ulong block in _dataLeaves)
            {
                CountLeaf(block, leaf, low, high, counts, saturated, firstPass, nr);
            }

            firstPass = false;
            if (high <= low)
            {
                break;
            }

            allocated += CompareRange(sm, low, high, b =>
            {
                uint c = counts[b - low];
                return c == byte.MaxValue ? saturated[b] : c;
            });
            referenced += (ulong)counts.AsSpan(0, (int)(high - low)).Length
                - (ulong)counts.AsSpan(0, (int)(high - low)).Count((byte)0);
        }

        FinishComparison(sm, allocated);
        return new SpaceMapFigures(referenced);
    }

    private void CountLeaf(ulong block, byte[] leaf, ulong low, ulong high, byte[] counts,
        Dictionary<ulong, uint> saturated, bool reportRange, ulong nr)
    {
        _device.Read((long)block * BlockSize, leaf);
        var header = NodeHeader.Parse(leaf);
        for (int i = 0; i < header.NrEntries; i++)
        {
            ulong data = BinaryPrimitives.ReadUInt64LittleEndian(header.Value(leaf, i)) >> 24;
            if (data >= low && data < high)
            {
                ref byte c = ref counts[data - low];
                if (c == byte.MaxValue)
                {
                    saturated[data]++;
                }
                else if (++c == byte.MaxValue)
                {
                    saturated[data] = byte.MaxValue;
                }
            }
            else if (reportRange && data >= nr)
            {
                Add(block, CheckSeverity.Fatal, $"mapping of virtual block {NodeHeader.Key(leaf, i)} "
                    + $"points at data block {data}, beyond the {nr} data blocks");
            }
        }
    }

    /// <summary>
    /// Compares space map entries for blocks [low, high) with <paramref name="actual"/>;
    /// returns how many of them the space map counts as allocated.
    /// </summary>
    private ulong CompareRange(SpaceMapState sm, ulong low, ulong high, Func<ulong, uint> actual)
    {
        ulong allocated = 0;
        var bitmap = new byte[BlockSize];
        for (ulong first = low; first < high; first += EntriesPerBitmap)
        {
            int index = (int)(first / EntriesPerBitmap);
            int entries = (int)Math.Min(EntriesPerBitmap, high - first);
            var (block, noneFreeBefore) = sm.Bitmaps[index];
            if (block is not { } b)
            {
                continue;
            }

            _device.Read((long)b * BlockSize, bitmap);
            allocated += CompareBitmap(sm, first, entries, bitmap, noneFreeBefore, actual);
        }

        return allocated;
    }

    private ulong CompareBitmap(SpaceMapState sm, ulong first, int entries, byte[] bitmap,
        uint noneFreeBefore, Func<ulong, uint> actual)
    {
        ulong allocated = 0;
        int firstFree = -1;
        for (int j = 0; j < entries; j++)
        {
            int shift = 2 * (j % 4);
            int bits = bitmap[16 + j / 4] >> shift;
            uint recorded = (uint)(((bits & 1) << 1) | ((bits >> 1) & 1));
            ulong b = first + (ulong)j;
            if (recorded == 3)
            {
                if (sm.Overflow.Remove(b, out uint overflow) && overflow >= 3)
                {
                    recorded = overflow;
                }
                else
                {
                    Add(b, CheckSeverity.Fatal, $"{sm.Name} bitmap says 3 or more but the ref-count "
                        + "tree has no valid count", sm.IsData);
                }
            }

            if (recorded == 0 && firstFree < 0)
            {
                firstFree = j;
            }

            allocated += recorded == 0 ? 0UL : 1UL;
            uint found = actual(b);
            if (recorded > found)
            {
                Add(b, CheckSeverity.NonFatal, $"{sm.Name} space map count {recorded} but only "
                    + $"{found} references (leaked)", sm.IsData);
            }
            else if (recorded < found)
            {
                Add(b, CheckSeverity.Fatal, $"{sm.Name} space map count {recorded} but {found} "
                    + "references", sm.IsData);
            }
        }

        if (firstFree >= 0 && noneFreeBefore > firstFree)
        {
            Add(first + (ulong)firstFree, CheckSeverity.Warning, $"{sm.Name} bitmap hint "
                + $"none_free_before {noneFreeBefore} skips this free entry", sm.IsData);
        }

        return allocated;
    }

    private void FinishComparison(SpaceMapState sm, ulong allocated)
    {
        foreach (var (block, count) in sm.Overflow)
        {
            Add(block, CheckSeverity.Fatal, $"{sm.Name} ref-count tree holds count {count} but the "
                + "bitmap does not say 3 or more", sm.IsData);
        }

        if (allocated != sm.Root.NrAllocated)
        {
            Add(null, CheckSeverity.Warning, $"{sm.Name} space map nr_allocated is "
                + $"{sm.Root.NrAllocated}, the bitmaps say {allocated}");
        }
    }
}
