namespace ThinPool.Engine.Pool;

/// <summary>
/// Moves whole blocks between an image file and a thin device, skipping zeros (they stay
/// holes in a thin device and in a sparse file) and, on import into a volume that has data,
/// skipping blocks whose bytes are already there, so that shared blocks stay shared.
/// </summary>
internal sealed class BlockCopy
{
    public BlockCopy(long blockBytes)
    {
        BlockBytes = blockBytes;
    }

    public long BlockBytes { get; }

    public long Written { get; private set; }

    public long Unchanged { get; private set; }

    public long Discarded { get; private set; }

    public void Import(FileStream image, long imageBytes, IPoolBackend backend, ulong deviceId,
        bool hasData, Action<long, long> progress)
    {
        // Only blocks that hold image data, or that the volume maps, can need work: a hole in
        // the image over an unmapped block is already what the volume reads there.
        long blocks = (imageBytes + BlockBytes - 1) / BlockBytes;
        var dataBlocks = new HashSet<long>();
        foreach ((long start, long end) in SparseFile.DataExtents(image.SafeFileHandle, imageBytes))
        {
            for (long block = start / BlockBytes; block * BlockBytes < end; block++)
            {
                dataBlocks.Add(block);
            }
        }

        var candidates = new SortedSet<long>(dataBlocks);
        if (hasData)
        {
            candidates.UnionWith(backend.MappedBlocks(deviceId).Select(b => (long)b)
                .Where(b => b < blocks));
        }

        Unchanged += blocks - candidates.Count;
        var incoming = new byte[BlockBytes];
        var current = new byte[BlockBytes];
        long done = 0;
        foreach (long block in candidates)
        {
            if (done++ % 64 == 0)
            {
                progress(done, candidates.Count);
            }

            Array.Clear(incoming);
            if (dataBlocks.Contains(block))
            {
                long offset = block * BlockBytes;
                RandomAccess.Read(image.SafeFileHandle,
                    incoming.AsSpan(0, (int)Math.Min(BlockBytes, imageBytes - offset)), offset);
            }

            CopyIn(backend, deviceId, (ulong)block, incoming, current, hasData);
        }

        progress(candidates.Count, candidates.Count);
    }

    private void CopyIn(IPoolBackend backend, ulong deviceId, ulong vblock, byte[] incoming,
        byte[] current, bool hasData)
    {
        bool zero = incoming.AsSpan().IndexOfAnyExcept((byte)0) < 0;
        bool mapped = hasData && backend.IsMapped(deviceId, vblock);
        if (zero)
        {
            if (mapped)
            {
                backend.DiscardBlock(deviceId, vblock);
                Discarded++;
            }
            else
            {
                Unchanged++;
            }

            return;
        }

        if (mapped)
        {
            backend.ReadBlock(deviceId, vblock, current);
            if (current.AsSpan().SequenceEqual(incoming))
            {
                Unchanged++;
                return;
            }
        }

        backend.WriteBlock(deviceId, vblock, incoming);
        Written++;
    }

    public void Export(IPoolBackend backend, ulong deviceId, long sizeBytes, Stream output,
        Action<long, long> progress)
    {
        output.SetLength(sizeBytes);
        long blocks = (sizeBytes + BlockBytes - 1) / BlockBytes;
        var buffer = new byte[BlockBytes];
        long seen = 0;
        foreach (ulong vblock in backend.MappedBlocks(deviceId).ToArray())
        {
            if ((long)vblock >= blocks)
            {
                break;
            }

            if (seen++ % 64 == 0)
            {
                progress((long)vblock, blocks);
            }

            backend.ReadBlock(deviceId, vblock, buffer);
            if (buffer.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                Unchanged++;
                continue;
            }

            long offset = (long)vblock * BlockBytes;
            output.Position = offset;
            output.Write(buffer, 0, (int)Math.Min(BlockBytes, sizeBytes - offset));
            Written++;
        }

        progress(blocks, blocks);
    }
}
