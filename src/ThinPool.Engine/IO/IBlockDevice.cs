namespace ThinPool.Engine.IO;

/// <summary>
/// A byte-addressed device of fixed (or growable) length: the seam between the engine and the
/// files or block devices it runs on. Implementations are thread-safe for accesses to distinct
/// ranges.
/// </summary>
public interface IBlockDevice : IDisposable
{
    /// <summary>Length of the device in bytes.</summary>
    long Length { get; }

    /// <summary>True when <see cref="Write"/>, <see cref="Flush"/> writes and
    /// <see cref="SetLength"/> are refused.</summary>
    bool IsReadOnly { get; }

    /// <summary>Reads <c>buffer.Length</c> bytes at <paramref name="offset"/>.</summary>
    /// <param name="offset">Byte offset; the whole range must lie within <see cref="Length"/>.</param>
    /// <param name="buffer">Receives the bytes.</param>
    /// <exception cref="EndOfDeviceException">The range reaches past the end.</exception>
    void Read(long offset, Span<byte> buffer);

    /// <summary>Writes <c>buffer.Length</c> bytes at <paramref name="offset"/>.</summary>
    /// <param name="offset">Byte offset; the whole range must lie within <see cref="Length"/>.</param>
    /// <param name="buffer">The bytes to write.</param>
    /// <exception cref="EndOfDeviceException">The range reaches past the end.</exception>
    /// <exception cref="InvalidOperationException">The device is read-only.</exception>
    void Write(long offset, ReadOnlySpan<byte> buffer);

    /// <summary>Makes every completed write durable (fsync for files).</summary>
    void Flush();

    /// <summary>Grows the device to <paramref name="length"/> bytes (new bytes read as zero).</summary>
    /// <param name="length">The new length; must not be smaller than <see cref="Length"/>.</param>
    /// <exception cref="NotSupportedException">The device has a fixed size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The length would shrink the device.</exception>
    void SetLength(long length);
}
