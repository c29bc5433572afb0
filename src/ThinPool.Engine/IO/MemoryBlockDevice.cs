namespace ThinPool.Engine.IO;

/// <summary>
/// An in-memory <see cref="IBlockDevice"/> for tests and tools: sparse (pages of 64 KiB are
/// allocated on first write) so a large device costs only what is written.
/// </summary>
public sealed class MemoryBlockDevice : IBlockDevice
{
    private const int PageShift = 16;
    private const int PageSize = 1 << PageShift;

    private readonly Dictionary<long, byte[]> _pages = new();
    private readonly object _gate = new();
    private long _length;

    /// <summary>Creates a zero-filled device.</summary>
    /// <param name="length">Length in bytes (not negative).</param>
    /// <param name="readOnly">Refuse writes when true.</param>
    public MemoryBlockDevice(long length, bool readOnly = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = length;
        IsReadOnly = readOnly;
    }

    /// <inheritdoc/>
    public long Length
    {
        get
        {
            lock (_gate)
            {
                return _length;
            }
        }
    }

    /// <inheritdoc/>
    public bool IsReadOnly { get; }

    /// <summary>Number of times <see cref="Flush"/> was called (lets tests check ordering).</summary>
    public int FlushCount { get; private set; }

    /// <inheritdoc/>
    public void Read(long offset, Span<byte> buffer)
    {
        lock (_gate)
        {
            CheckRange(offset, buffer.Length);
            while (!buffer.IsEmpty)
            {
                long page = offset >> PageShift;
                int within = (int)(offset & (PageSize - 1));
                int n = Math.Min(buffer.Length, PageSize - within);
                if (_pages.TryGetValue(page, out byte[]? data))
                {
                    data.AsSpan(within, n).CopyTo(buffer);
                }
                else
                {
                    buffer[..n].Clear();
                }

                buffer = buffer[n..];
                offset += n;
            }
        }
    }

    /// <inheritdoc/>
    public void Write(long offset, ReadOnlySpan<byte> buffer)
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException("The device is read-only.");
        }

        lock (_gate)
        {
            CheckRange(offset, buffer.Length);
            while (!buffer.IsEmpty)
            {
                long page = offset >> PageShift;
                int within = (int)(offset & (PageSize - 1));
                int n = Math.Min(buffer.Length, PageSize - within);
                if (!_pages.TryGetValue(page, out byte[]? data))
                {
                    data = new byte[PageSize];
                    _pages.Add(page, data);
                }

                buffer[..n].CopyTo(data.AsSpan(within, n));
                buffer = buffer[n..];
                offset += n;
            }
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
        lock (_gate)
        {
            FlushCount++;
        }
    }

    /// <inheritdoc/>
    public void SetLength(long length)
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException("The device is read-only.");
        }

        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(length, _length);
            _length = length;
        }
    }

    /// <summary>Copies the whole device into a new array (tests only; keep devices small).</summary>
    /// <returns>The device's bytes.</returns>
    public byte[] ToArray()
    {
        var all = new byte[Length];
        Read(0, all);
        return all;
    }

    /// <summary>
    /// Saves the content to a new sparse file of the same length (only written pages are
    /// stored), e.g. to hand an in-memory image to external tools.
    /// </summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void SaveTo(string path)
    {
        lock (_gate)
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            stream.SetLength(_length);
            foreach (KeyValuePair<long, byte[]> page in _pages.OrderBy(p => p.Key))
            {
                long offset = page.Key << PageShift;
                int count = (int)Math.Min(PageSize, _length - offset);
                if (count > 0)
                {
                    stream.Position = offset;
                    stream.Write(page.Value, 0, count);
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private void CheckRange(long offset, int count)
    {
        if (offset < 0 || offset + count > _length)
        {
            throw new EndOfDeviceException(offset, count, _length);
        }
    }
}
