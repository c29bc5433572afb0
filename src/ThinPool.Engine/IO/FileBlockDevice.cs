using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace ThinPool.Engine.IO;

/// <summary>
/// An <see cref="IBlockDevice"/> over a regular file or a block device node. Files are opened
/// with O_NOFOLLOW, so a symbolic link at the path is refused rather than followed (a pool
/// directory must not be redirected elsewhere). <see cref="Flush"/> is fsync.
/// </summary>
public sealed class FileBlockDevice : IBlockDevice
{
    private readonly SafeFileHandle _handle;
    private readonly bool _fixedSize;
    private long _length;

    private FileBlockDevice(SafeFileHandle handle, bool readOnly, long length, bool fixedSize)
    {
        _handle = handle;
        IsReadOnly = readOnly;
        _length = length;
        _fixedSize = fixedSize;
    }

    /// <inheritdoc/>
    public long Length => Interlocked.Read(ref _length);

    /// <inheritdoc/>
    public bool IsReadOnly { get; }

    /// <summary>The path the device was opened with.</summary>
    public string Path { get; private init; } = "";

    /// <summary>
    /// Creates a sparse regular file of <paramref name="length"/> bytes with mode 0600.
    /// </summary>
    /// <param name="path">Where to create it; a symbolic link there is refused.</param>
    /// <param name="length">Length in bytes (zeros, no space allocated).</param>
    /// <param name="overwrite">When false (default) an existing file is an error (O_EXCL);
    /// when true an existing regular file is truncated and reused.</param>
    /// <returns>The open, writable device.</returns>
    /// <exception cref="IOException">The file exists (and <paramref name="overwrite"/> is
    /// false), the path is a symbolic link, or the file cannot be created.</exception>
    public static FileBlockDevice Create(string path, long length, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int flags = LibC.O_RDWR | LibC.O_CREAT | LibC.O_NOFOLLOW | LibC.O_CLOEXEC
                    | (overwrite ? LibC.O_TRUNC : LibC.O_EXCL);
        SafeFileHandle handle = OpenHandle(path, flags, 0x180);
        try
        {
            Truncate(handle, path, length);
            return new FileBlockDevice(handle, readOnly: false, length, fixedSize: false)
            {
                Path = path,
            };
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing file or block device.</summary>
    /// <param name="path">The file; a symbolic link there is refused.</param>
    /// <param name="readOnly">Open read-only when true.</param>
    /// <returns>The open device.</returns>
    /// <exception cref="IOException">The path does not exist, is a symbolic link or cannot be
    /// opened.</exception>
    public static FileBlockDevice Open(string path, bool readOnly)
    {
        ArgumentNullException.ThrowIfNull(path);
        int flags = (readOnly ? LibC.O_RDONLY : LibC.O_RDWR) | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;
        SafeFileHandle handle = OpenHandle(path, flags, 0);
        try
        {
            // FileInfo reports no Device attribute on Unix, so ask fstat what the handle is.
            bool isBlockDevice = IsBlockDevice(handle);
            long length = isBlockDevice ? BlockDeviceLength(handle, path)
                : RandomAccess.GetLength(handle);
            return new FileBlockDevice(handle, readOnly, length, fixedSize: isBlockDevice)
            {
                Path = path,
            };
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Read(long offset, Span<byte> buffer)
    {
        CheckRange(offset, buffer.Length);
        while (!buffer.IsEmpty)
        {
            int n = RandomAccess.Read(_handle, buffer, offset);
            if (n <= 0)
            {
                // A file shrunk underneath us: report it as the end of the device.
                throw new EndOfDeviceException(offset, buffer.Length, Length);
            }

            buffer = buffer[n..];
            offset += n;
        }
    }

    /// <inheritdoc/>
    public void Write(long offset, ReadOnlySpan<byte> buffer)
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException($"'{Path}' is open read-only.");
        }

        CheckRange(offset, buffer.Length);
        RandomAccess.Write(_handle, buffer, offset);
    }

    /// <inheritdoc/>
    public void Flush()
    {
        if (IsReadOnly)
        {
            return;
        }

        if (LibC.fsync((int)_handle.DangerousGetHandle()) != 0)
        {
            throw new IOException($"fsync of '{Path}' failed (errno {LibC.errno}).");
        }
    }

    /// <inheritdoc/>
    public void SetLength(long length)
    {
        if (_fixedSize)
        {
            throw new NotSupportedException($"'{Path}' is a block device; its size is fixed.");
        }

        if (IsReadOnly)
        {
            throw new InvalidOperationException($"'{Path}' is open read-only.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(length, Length);
        Truncate(_handle, Path, length);
        Interlocked.Exchange(ref _length, length);
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    private static unsafe SafeFileHandle OpenHandle(string path, int flags, int mode)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes)
        {
            fd = LibC.open(p, flags, (mode_t)mode);
        }

        if (fd < 0)
        {
            int errno = LibC.errno;
            string why = errno == LibC.ELOOP ? "it is a symbolic link, which is refused"
                : errno == LibC.EEXIST ? "the file already exists"
                : errno == LibC.ENOENT ? "no such file"
                : errno == LibC.EACCES ? "permission denied"
                : $"errno {errno}";
            throw new IOException($"Cannot open '{path}': {why}.");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static void Truncate(SafeFileHandle handle, string path, long length)
    {
        if (LibC.ftruncate((int)handle.DangerousGetHandle(), length) != 0)
        {
            int errno = LibC.errno;
            throw new IOException($"Cannot set the length of '{path}' (errno {errno}).");
        }
    }

    private static unsafe bool IsBlockDevice(SafeFileHandle handle)
    {
        const uint S_IFMT = 0xF000;
        const uint S_IFBLK = 0x6000;
        stat st;
        return LibC.fstat((int)handle.DangerousGetHandle(), &st) == 0
            && ((uint)st.st_mode & S_IFMT) == S_IFBLK;
    }

    private static long BlockDeviceLength(SafeFileHandle handle, string path)
    {
        // fstat reports size 0 for a block device (and FileStream.Length with it); the end
        // offset from lseek is the device's size.
        long end = LibC.lseek((int)handle.DangerousGetHandle(), 0, LibC.SEEK_END);
        if (end < 0)
        {
            throw new IOException($"Cannot read the size of block device '{path}' "
                + $"(errno {LibC.errno}).");
        }

        return end;
    }

    private void CheckRange(long offset, int count)
    {
        long length = Length;
        if (offset < 0 || offset + count > length)
        {
            throw new EndOfDeviceException(offset, count, length);
        }
    }
}
