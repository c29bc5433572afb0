using ThinPool.Engine.IO;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// The block cache: 4 KiB metadata blocks by number, validated on first read, with dirty
/// tracking. A block's bytes are sealed (blocknr + checksum) only when written out, so
/// in-memory copies may carry stale headers. Committed blocks are never modified through this
/// cache (the transaction manager copies before writing), so their buffers stay valid for
/// readers of the committed state.
/// </summary>
internal sealed class BlockManager
{
    private const int CleanBlocksKept = 1 << 16;

    private readonly IBlockDevice _device;
    private readonly Dictionary<ulong, Entry> _cache = new();
    private readonly List<ulong> _dirty = new();

    public BlockManager(IBlockDevice device)
    {
        _device = device;
    }

    public IBlockDevice Device => _device;

    public ulong DeviceBlocks => (ulong)_device.Length / MetadataFormat.BlockSize;

    /// <summary>Reads a block for reading only; the caller must not modify the buffer.</summary>
    public byte[] Read(ulong block, MetadataBlockKind kind)
    {
        if (_cache.TryGetValue(block, out Entry? entry))
        {
            if (!entry.Dirty && entry.ValidatedAs != kind)
            {
                BlockValidator.Validate(entry.Data, block, kind);
                entry.ValidatedAs = kind;
            }

            return entry.Data;
        }

        if (block >= DeviceBlocks)
        {
            throw new MetadataCorruptException(block, "block lies beyond the metadata device");
        }

        var data = new byte[MetadataFormat.BlockSize];
        _device.Read((long)block * MetadataFormat.BlockSize, data);
        BlockValidator.Validate(data, block, kind);
        _cache[block] = new Entry(data, kind) { ValidatedAs = kind };
        return data;
    }

    /// <summary>Reads raw bytes of a block without validation (superblock probing).</summary>
    public byte[] ReadRaw(ulong block)
    {
        var data = new byte[MetadataFormat.BlockSize];
        _device.Read((long)block * MetadataFormat.BlockSize, data);
        return data;
    }

    /// <summary>Gives a zeroed buffer for a block that is about to get new content.</summary>
    public byte[] Zeroed(ulong block, MetadataBlockKind kind)
    {
        if (block >= DeviceBlocks)
        {
            throw new MetadataCorruptException(block, "block lies beyond the metadata device");
        }

        var data = new byte[MetadataFormat.BlockSize];
        var entry = new Entry(data, kind) { Dirty = true };
        _cache[block] = entry;
        _dirty.Add(block);
        return data;
    }

    /// <summary>Returns an already cached block's buffer for modification, marking it dirty.
    /// Only blocks allocated in the current transaction may be passed here.</summary>
    public byte[] Writable(ulong block, MetadataBlockKind kind)
    {
        if (!_cache.TryGetValue(block, out Entry? entry))
        {
            Read(block, kind);
            entry = _cache[block];
        }

        entry.Kind = kind;
        if (!entry.Dirty)
        {
            entry.Dirty = true;
            _dirty.Add(block);
        }

        return entry.Data;
    }

    /// <summary>Writes every dirty block in ascending order (sealing each), then flushes.</summary>
    public void WriteDirty()
    {
        _dirty.Sort();
        ulong previous = ulong.MaxValue;
        foreach (ulong block in _dirty)
        {
            if (block == previous || !_cache.TryGetValue(block, out Entry? entry) || !entry.Dirty)
            {
                continue;
            }

            previous = block;
            BlockChecksum.Seal(entry.Data, block, entry.Kind);
            _device.Write((long)block * MetadataFormat.BlockSize, entry.Data);
            entry.Dirty = false;
            entry.ValidatedAs = entry.Kind;
        }

        _dirty.Clear();
        _device.Flush();
        if (_cache.Count > CleanBlocksKept)
        {
            _cache.Clear();
        }
    }

    /// <summary>Forgets every dirty block (abort): their content was never committed.</summary>
    public void DropDirty()
    {
        foreach (ulong block in _dirty)
        {
            _cache.Remove(block);
        }

        _dirty.Clear();
    }

    /// <summary>Writes a sealed superblock (or any single block) directly and flushes.</summary>
    public void WriteBlockNow(ulong block, byte[] data, MetadataBlockKind kind)
    {
        BlockChecksum.Seal(data, block, kind);
        _device.Write((long)block * MetadataFormat.BlockSize, data);
        _device.Flush();
        _cache.Remove(block);
    }

    private sealed class Entry
    {
        public Entry(byte[] data, MetadataBlockKind kind)
        {
            Data = data;
            Kind = kind;
        }

        public byte[] Data { get; }

        public MetadataBlockKind Kind { get; set; }

        public MetadataBlockKind? ValidatedAs { get; set; }

        public bool Dirty { get; set; }
    }
}
