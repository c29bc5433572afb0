using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Data;

/// <summary>
/// Block-granular I/O on thin devices, done in user space the way dm-thin does it: reads of
/// unmapped blocks return zeros; a write to an unmapped block allocates a data block; a write
/// to a block shared with a snapshot breaks the sharing by copying the old block first (unless
/// the write covers the whole block); a write to an unshared block goes in place.
/// </summary>
/// <remarks>
/// Crash safety follows the kernel's order: data is written before the mapping that points at
/// it is committed, and <see cref="Commit"/> flushes the data device before it commits the
/// metadata. A new block that is only partly written is zero-filled first, so stale bytes of a
/// previously freed block never show through. Sequential full-block writes whose allocations
/// are contiguous go to the data device as one large write. Not thread-safe; the store does not
/// own (and does not dispose) the metadata or the data device.
/// </remarks>
public sealed class ThinDataStore : IDisposable
{
    // Copies and zero fills go through a buffer of at most this size, so a 1 GiB data block
    // does not need 1 GiB of memory.
    private const int ChunkBytes = 1 << 20;

    private readonly ThinMetadata _metadata;
    private readonly IBlockDevice _data;
    private byte[]? _chunk;
    private bool _disposed;

    /// <summary>Creates a store over open metadata and its data device.</summary>
    /// <param name="metadata">The pool metadata (writable for writes and discards).</param>
    /// <param name="data">The data device; block <c>n</c> lives at byte <c>n * BlockBytes</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ThinDataStore(ThinMetadata metadata, IBlockDevice data)
    {
        _metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
        _data = data ?? throw new ArgumentNullException(nameof(data));
        BlockBytes = checked((int)(metadata.DataBlockSizeSectors * 512UL));
    }

    /// <summary>Bytes per data block (the pool's data block size).</summary>
    public int BlockBytes { get; }

    /// <summary>Reads one whole block of a thin device; zeros when it is not mapped.</summary>
    /// <param name="deviceId">The thin device.</param>
    /// <param name="virtualBlock">The block of the thin device.</param>
    /// <param name="buffer">Exactly <see cref="BlockBytes"/> bytes.</param>
    /// <exception cref="DeviceNotFoundException">No such thin device.</exception>
    public void ReadBlock(ulong deviceId, ulong virtualBlock, Span<byte> buffer)
    {
        RequireWholeBlock(buffer.Length);
        Read(deviceId, checked((long)virtualBlock * BlockBytes), buffer);
    }

    /// <summary>Writes one whole block of a thin device (allocating or breaking sharing).</summary>
    /// <param name="deviceId">The thin device.</param>
    /// <param name="virtualBlock">The block of the thin device.</param>
    /// <param name="buffer">Exactly <see cref="BlockBytes"/> bytes.</param>
    /// <exception cref="DeviceNotFoundException">No such thin device.</exception>
    /// <exception cref="OutOfDataSpaceException">No free data block is left.</exception>
    public void WriteBlock(ulong deviceId, ulong virtualBlock, ReadOnlySpan<byte> buffer)
    {
        RequireWholeBlock(buffer.Length);
        Write(deviceId, checked((long)virtualBlock * BlockBytes), buffer);
    }

    /// <summary>Reads any byte range of a thin device; unmapped parts read as zeros.</summary>
    /// <param name="deviceId">The thin device.</param>
    /// <param name="offset">Byte offset in the thin device.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <exception cref="DeviceNotFoundException">No such thin device.</exception>
    public void Read(ulong deviceId, long offset, Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        while (!buffer.IsEmpty)
        {
            ulong block = (ulong)(offset / BlockBytes);
            int within = (int)(offset % BlockBytes);
            int length = Math.Min(buffer.Length, BlockBytes - within);
            if (!_metadata.TryLookup(deviceId, block, out var mapping))
            {
                buffer[..length].Clear();
            }
            else
            {
                // Let neighbouring blocks that are also neighbours on the data device share
                // one read.
                int blocks = 1;
                while (length < buffer.Length && within == 0 && buffer.Length - length >= BlockBytes
                       && _metadata.TryLookup(deviceId, block + (ulong)blocks, out var next)
                       && next.DataBlock == mapping.DataBlock + (ulong)blocks)
                {
                    length += BlockBytes;
                    blocks++;
                }

                _data.Read(DataOffset(mapping.DataBlock) + within, buffer[..length]);
            }

            buffer = buffer[length..];
            offset += length;
        }
    }

    /// <summary>
    /// Writes any byte range of a thin device, allocating data blocks and breaking sharing
    /// with snapshots as needed.
    /// </summary>
    /// <param name="deviceId">The thin device.</param>
    /// <param name="offset">Byte offset in the thin device.</param>
    /// <param name="buffer">The bytes to write.</param>
    /// <exception cref="DeviceNotFoundException">No such thin device.</exception>
    /// <exception cref="OutOfDataSpaceException">No free data block is left.</exception>
    public void Write(ulong deviceId, long offset, ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        BlockAllocation? pending = null;
        while (!buffer.IsEmpty)
        {
            ulong block = (ulong)(offset / BlockBytes);
            int within = (int)(offset % BlockBytes);
            int length = Math.Min(buffer.Length, BlockBytes - within);
            var allocation = pending ?? _metadata.Map(deviceId, block);
            pending = null;
            if (length == BlockBytes)
            {
                length = WriteWholeBlocks(deviceId, block, allocation, buffer, out pending);
            }
            else
            {
                WritePartial(allocation, within, buffer[..length]);
            }

            buffer = buffer[length..];
            offset += length;
        }
    }

    /// <summary>
    /// Unmaps <paramref name="count"/> blocks from <paramref name="firstBlock"/>; their data
    /// blocks are freed once no device or snapshot refers to them. Unmapped blocks are skipped.
    /// </summary>
    /// <param name="deviceId">The thin device.</param>
    /// <param name="firstBlock">First virtual block.</param>
    /// <param name="count">Number of virtual blocks.</param>
    /// <exception cref="DeviceNotFoundException">No such thin device.</exception>
    public void Discard(ulong deviceId, ulong firstBlock, ulong count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ulong end = count > ulong.MaxValue - firstBlock ? ulong.MaxValue : firstBlock + count;
        ulong mapped = _metadata.Devices.FirstOrDefault(d => d.DeviceId == deviceId).MappedBlocks;
        if (count <= mapped * 4)
        {
            for (ulong block = firstBlock; block < end; block++)
            {
                _metadata.Unmap(deviceId, block);
            }

            return;
        }

        // A wide discard over a sparse device: visit the mappings, not every block number.
        var victims = _metadata.GetMappings(deviceId)
            .Where(m => m.VirtualBlock >= firstBlock && m.VirtualBlock < end)
            .Select(m => m.VirtualBlock)
            .ToList();
        foreach (ulong block in victims)
        {
            _metadata.Unmap(deviceId, block);
        }
    }

    /// <summary>Makes every write durable: flushes the data device, then commits the metadata.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _data.Flush();
        _metadata.Commit();
    }

    /// <summary>Stops using the store; the metadata and data device stay open.</summary>
    public void Dispose() => _disposed = true;

    /// <summary>
    /// Writes the whole block described by <paramref name="first"/> and, while the following
    /// blocks are also whole and land right after it on the data device, those too, in one
    /// device write. Returns the bytes consumed; <paramref name="next"/> is the allocation
    /// already made for the following whole block when it was not contiguous.
    /// </summary>
    private int WriteWholeBlocks(ulong deviceId, ulong block, BlockAllocation first,
        ReadOnlySpan<byte> buffer, out BlockAllocation? next)
    {
        int length = BlockBytes;
        ulong blocks = 1;
        next = null;
        while (buffer.Length - length >= BlockBytes && length <= int.MaxValue - BlockBytes)
        {
            var following = _metadata.Map(deviceId, block + blocks);
            if (following.DataBlock != first.DataBlock + blocks)
            {
                next = following;
                break;
            }

            length += BlockBytes;
            blocks++;
        }

        _data.Write(DataOffset(first.DataBlock), buffer[..length]);
        return length;
    }

    private void WritePartial(BlockAllocation allocation, int within, ReadOnlySpan<byte> bytes)
    {
        long target = DataOffset(allocation.DataBlock);
        if (allocation.CopyFrom is { } source)
        {
            CopyBlock(DataOffset(source), target);
        }
        else if (allocation.IsNew)
        {
            ZeroBlock(target);
        }

        _data.Write(target + within, bytes);
    }

    private void CopyBlock(long from, long to)
    {
        var chunk = _chunk ??= new byte[Math.Min(BlockBytes, ChunkBytes)];
        for (int done = 0; done < BlockBytes; done += chunk.Length)
        {
            int n = Math.Min(chunk.Length, BlockBytes - done);
            _data.Read(from + done, chunk.AsSpan(0, n));
            _data.Write(to + done, chunk.AsSpan(0, n));
        }
    }

    private void ZeroBlock(long at)
    {
        var chunk = _chunk ??= new byte[Math.Min(BlockBytes, ChunkBytes)];
        Array.Clear(chunk);
        for (int done = 0; done < BlockBytes; done += chunk.Length)
        {
            _data.Write(at + done, chunk.AsSpan(0, Math.Min(chunk.Length, BlockBytes - done)));
        }
    }

    private long DataOffset(ulong dataBlock) => checked((long)dataBlock * BlockBytes);

    private void RequireWholeBlock(int length)
    {
        if (length != BlockBytes)
        {
            throw new ArgumentException($"The buffer must be exactly one block ({BlockBytes} bytes), "
                + $"not {length}.", "buffer");
        }
    }
}
