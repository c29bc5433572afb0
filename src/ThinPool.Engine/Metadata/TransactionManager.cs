namespace ThinPool.Engine.Metadata;

/// <summary>
/// Copy-on-write over the block cache (spec 9): a block reachable from the committed
/// superblock is never written in place. <see cref="Shadow"/> returns a writable copy (or the
/// block itself when it was already copied in this transaction and is not shared); the caller
/// stores the returned location in the parent. Blocks allocated in this transaction form the
/// shadow set, emptied at commit.
/// </summary>
internal sealed class TransactionManager
{
    private readonly HashSet<ulong> _shadows = new();

    public TransactionManager(BlockManager blocks)
    {
        Blocks = blocks;
    }

    public BlockManager Blocks { get; }

    /// <summary>The metadata space map; set once it exists (it is built on this manager).</summary>
    public ISpaceMap MetadataSpaceMap { get; set; } = null!;

    public bool IsShadow(ulong block) => _shadows.Contains(block);

    public byte[] Read(ulong block, MetadataBlockKind kind) => Blocks.Read(block, kind);

    public (ulong Location, byte[] Data) NewBlock(MetadataBlockKind kind)
    {
        ulong block = MetadataSpaceMap.NewBlock();
        byte[] data = Blocks.Zeroed(block, kind);
        _shadows.Add(block);
        return (block, data);
    }

    /// <summary>
    /// Makes <paramref name="block"/> writable. When the block is shared (count &gt; 1) the copy
    /// adds a pointer to everything the block points at, so <paramref name="incChildren"/> runs
    /// on the copy (btree nodes: inc each child or value).
    /// </summary>
    public (ulong Location, byte[] Data) Shadow(ulong block, MetadataBlockKind kind,
                                               Action<byte[]>? incChildren, out bool wasShared)
    {
        wasShared = MetadataSpaceMap.CountIsMoreThanOne(block);
        if (!wasShared && _shadows.Contains(block))
        {
            return (block, Blocks.Writable(block, kind));
        }

        ulong copy = MetadataSpaceMap.NewBlock();
        MetadataSpaceMap.Dec(block);
        byte[] source = Blocks.Read(block, kind);
        byte[] data = Blocks.Zeroed(copy, kind);
        source.CopyTo(data, 0);
        _shadows.Add(copy);
        if (wasShared && incChildren is not null)
        {
            incChildren(data);
        }

        return (copy, data);
    }

    public void Inc(ulong block) => MetadataSpaceMap.Inc(block);

    public void Dec(ulong block) => MetadataSpaceMap.Dec(block);

    /// <summary>Ends the transaction's shadow set (after the superblock is written).</summary>
    public void ClearShadows() => _shadows.Clear();
}
