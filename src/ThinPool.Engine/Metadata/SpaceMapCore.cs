using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// The on-disk half of a space map (spec 7.1, 7.5): two-bit counts in bitmap blocks found
/// through index entries, and an overflow btree for counts of three or more. Bitmaps are
/// shadowed before they change, like every other metadata block.
/// </summary>
internal sealed class SpaceMapCore
{
    private const int PerBitmap = MetadataFormat.EntriesPerBitmap;

    private readonly TransactionManager _tm;
    private readonly IIndexStore _index;
    private readonly BTree _refCounts;

    public SpaceMapCore(TransactionManager tm, IIndexStore index, BTree refCounts,
                        SpaceMapRoot root)
    {
        _tm = tm;
        _index = index;
        _refCounts = refCounts;
        BlockCount = root.BlockCount;
        AllocatedCount = root.AllocatedCount;
        RefCountRoot = root.RefCountRoot;
    }

    public ulong BlockCount { get; private set; }

    public ulong AllocatedCount { get; private set; }

    public ulong RefCountRoot { get; set; }

    public ulong BitmapCount => (BlockCount + PerBitmap - 1) / PerBitmap;

    public IIndexStore Index => _index;

    public uint LookupBitmap(ulong block)
    {
        CheckBlock(block);
        IndexEntry entry = _index.Load(block / PerBitmap);
        byte[] bitmap = _tm.Read(entry.BitmapBlock, MetadataBlockKind.Bitmap);
        return Bitmap.Get(bitmap, (int)(block % PerBitmap));
    }

    public uint Lookup(ulong block)
    {
        uint value = LookupBitmap(block);
        return value < 3 ? value : LookupOverflow(block);
    }

    /// <summary>Adds <paramref name="delta"/> (+1 or -1) to a count. Returns +1 when the block
    /// became used, -1 when it became free, else 0.</summary>
    public int Mutate(ulong block, int delta)
    {
        CheckBlock(block);
        ulong i = block / PerBitmap;
        int j = (int)(block % PerBitmap);
        IndexEntry entry = _index.Load(i);
        (ulong location, byte[] bitmap) =
            _tm.Shadow(entry.BitmapBlock, MetadataBlockKind.Bitmap, null, out _);
        uint bits = Bitmap.Get(bitmap, j);
        uint old = bits < 3 ? bits : LookupOverflow(block);
        if (delta < 0 && old == 0)
        {
            throw new MetadataCorruptException(
                entry.BitmapBlock, $"reference count of block {block} would drop below zero");
        }

        uint updated = (uint)(old + delta);
        if (updated <= 2)
        {
            Bitmap.Set(bitmap, j, updated);
            if (old > 2)
            {
                RefCountRoot = _refCounts.Remove(RefCountRoot, block, out _);
            }
        }
        else
        {
            if (bits != 3)
            {
                Bitmap.Set(bitmap, j, 3);
            }

            Span<byte> value = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(value, updated);
            RefCountRoot = _refCounts.Insert(RefCountRoot, block, value, out _);
        }

        int change = 0;
        uint free = entry.FreeCount;
        uint noneFreeBefore = entry.NoneFreeBefore;
        if (old == 0 && updated > 0)
        {
            AllocatedCount++;
            free--;
            if (noneFreeBefore == (uint)j)
            {
                noneFreeBefore = (uint)j + 1;
            }

            change = 1;
        }
        else if (old > 0 && updated == 0)
        {
            AllocatedCount--;
            free++;
            noneFreeBefore = Math.Min(noneFreeBefore, (uint)j);
            change = -1;
        }

        _index.Save(i, new IndexEntry(location, free, noneFreeBefore));
        return change;
    }

    /// <summary>First block in [begin, end) whose count is zero now, or null.</summary>
    public ulong? FindFree(ulong begin, ulong end)
    {
        end = Math.Min(end, BlockCount);
        if (begin >= end)
        {
            return null;
        }

        for (ulong i = begin / PerBitmap; i * PerBitmap < end; i++)
        {
            IndexEntry entry = _index.Load(i);
            if (entry.FreeCount == 0)
            {
                continue;
            }

            ulong first = i * PerBitmap;
            int from = (int)Math.Max(begin > first ? begin - first : 0, entry.NoneFreeBefore);
            int to = (int)Math.Min(PerBitmap, end - first);
            if (from >= to)
            {
                continue;
            }

            byte[] bitmap = _tm.Read(entry.BitmapBlock, MetadataBlockKind.Bitmap);
            int found = Bitmap.FindFree(bitmap, from, to);
            if (found >= 0)
            {
                return first + (ulong)found;
            }
        }

        return null;
    }

    /// <summary>Describes <paramref name="extra"/> more blocks, adding zeroed bitmaps.</summary>
    public void Extend(ulong extra)
    {
        ulong oldBitmaps = BitmapCount;
        BlockCount += extra;
        for (ulong i = oldBitmaps; i < BitmapCount; i++)
        {
            (ulong location, _) = _tm.NewBlock(MetadataBlockKind.Bitmap);
            _index.Save(i, new IndexEntry(location, PerBitmap, 0));
        }
    }

    public SpaceMapRoot Root(ulong bitmapRoot) => new(BlockCount, AllocatedCount, bitmapRoot, RefCountRoot);

    private uint LookupOverflow(ulong block)
    {
        if (!_refCounts.TryFind(RefCountRoot, block, out Node leaf, out int index))
        {
            throw new MetadataCorruptException(
                RefCountRoot, $"block {block} is marked 3+ in its bitmap but has no overflow count");
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(leaf.Value(index));
    }

    private void CheckBlock(ulong block)
    {
        if (block >= BlockCount)
        {
            throw new MetadataCorruptException(
                block, $"block {block} is beyond the space map's {BlockCount} blocks");
        }
    }
}
