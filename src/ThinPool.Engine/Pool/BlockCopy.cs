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

    public void Import(Stream image, long imageBytes, IPoolBackend backend, ulong deviceId,
        bool hasData, Action<long, long> progress)
    {
        long blocks = (imageBytes + BlockBytes - 1) / BlockBytes;
        var incoming = new byte[BlockBytes];
        var current = new byte[BlockBytes];
        for (long block = 0; block < blocks; block++)
        {
            if (block % 64 == 0)
            {
                progress(block, blocks);
            }

            image.Position = block * BlockBytes;
            Array.Clear(incoming);
            image.ReadAtLeast(incoming, (int)Math.Min(BlockBytes, imageBytes - image.Position),
                throwOnEndOfStream: false);
            bool zero = incoming.AsSpan().IndexOfAnyExcept((byte)0) < 0;
            ulong vblock = (ulong)block;
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

                continue;
            }

            if (mapped)
            {
                backend.ReadBlock(deviceId, vblock, current);
                if (current.AsSpan().SequenceEqual(incoming))
                {
                    Unchanged++;
                    continue;
                }
            }

            backend.WriteBlock(deviceId, vblock, incoming);
            Written++;
        }

        progress(blocks, blocks);
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
