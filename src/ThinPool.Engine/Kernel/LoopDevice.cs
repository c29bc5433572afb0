using System.Text;
using ThinPool.Engine.Kernel.Interop;
using static ThinPool.Engine.Kernel.Interop.LoopIoctl;

namespace ThinPool.Engine.Kernel;

/// <summary>
/// A loop block device (<c>/dev/loopN</c>) over a regular file. Attaching asks
/// /dev/loop-control for a free number and configures it with LOOP_CONFIGURE, falling back to
/// LOOP_SET_FD + LOOP_SET_STATUS64 on kernels before 5.8. <see cref="AttachOrFind"/> first
/// looks for a loop already attached to the same file (same device and inode), so running
/// again after a crash converges instead of stacking a second loop on the file.
/// </summary>
public sealed class LoopDevice
{
    /// <summary>The loop control node.</summary>
    public const string ControlPath = "/dev/loop-control";

    private const int EBUSY = 16;
    private const int ENXIO = 6;
    private const int EINVAL = 22;
    private const int ENOTTY = 25;
    private const int AttachAttempts = 16;

    private LoopDevice(int number) => Number = number;

    /// <summary>The loop number N of /dev/loopN.</summary>
    public int Number { get; }

    /// <summary>The device node path, /dev/loopN.</summary>
    public string Path => $"/dev/loop{Number}";

    /// <summary>The block device number (7:N for the first 256 loops).</summary>
    public DeviceNumber Device
    {
        get
        {
            string text = File.ReadAllText($"{SysPath}/dev").Trim();
            return DeviceNumber.TryParse(text, out DeviceNumber d) ? d
                : throw new LoopDeviceException("read dev", Path, 0, $"'{text}' in sysfs");
        }
    }

    /// <summary>The device size in bytes as the block layer sees it now.</summary>
    public long SizeBytes => long.Parse(File.ReadAllText($"{SysPath}/size").Trim()) * 512;

    /// <summary>The size in 512-byte sectors, as table lines count.</summary>
    public ulong SizeSectors => (ulong)SizeBytes / 512;

    private string SysPath => $"/sys/block/loop{Number}";

    /// <summary>The loop for /dev/loopN.</summary>
    /// <param name="path">A /dev/loopN path.</param>
    /// <exception cref="ArgumentException">The path is not a loop device path.</exception>
    public static LoopDevice FromPath(string path)
    {
        const string prefix = "/dev/loop";
        if (!path.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(path.AsSpan(prefix.Length), out int n) || n < 0)
        {
            throw new ArgumentException($"'{path}' is not a /dev/loopN path.", nameof(path));
        }

        return new LoopDevice(n);
    }

    /// <summary>
    /// Returns the loop already attached to <paramref name="backingFile"/>, or attaches a new one.
    /// </summary>
    /// <param name="backingFile">The file to back the loop device.</param>
    /// <param name="readOnly">Attach read-only (only when a new loop is attached).</param>
    public static LoopDevice AttachOrFind(string backingFile, bool readOnly = false) =>
        FindAttached(backingFile) ?? Attach(backingFile, readOnly);

    /// <summary>
    /// Attaches a new loop device to <paramref name="backingFile"/>. No autoclear flag is set:
    /// with it the kernel would detach the loop as soon as this call closes it. Set it with
    /// <see cref="SetAutoClear"/> once a holder (a pool table) keeps the loop open.
    /// </summary>
    /// <param name="backingFile">A regular file.</param>
    /// <param name="readOnly">Attach read-only.</param>
    /// <exception cref="LoopDeviceException">The kernel refused.</exception>
    public static LoopDevice Attach(string backingFile, bool readOnly = false)
    {
        string full = System.IO.Path.GetFullPath(backingFile);
        int fileFd = Sys.Open(full, readOnly ? Sys.O_RDONLY : Sys.O_RDWR);
        if (fileFd < 0)
        {
            throw new LoopDeviceException("open", full, Sys.Errno);
        }

        try
        {
            for (int attempt = 0; ; attempt++)
            {
                int number = GetFree();
                var loop = new LoopDevice(number);
                int errno = loop.TryConfigure(fileFd, full, readOnly);
                if (errno == 0)
                {
                    return loop;
                }

                // Another process took the number between GET_FREE and our configure: ask again.
                if (errno != EBUSY || attempt + 1 >= AttachAttempts)
                {
                    throw new LoopDeviceException("LOOP_CONFIGURE", loop.Path, errno, full);
                }
            }
        }
        finally
        {
            Sys.Close(fileFd);
        }
    }

    /// <summary>
    /// The loop attached to <paramref name="backingFile"/> (same st_dev and st_ino), or null.
    /// Scans /sys/block/loop*/loop, the attached loops.
    /// </summary>
    /// <param name="backingFile">The backing file.</param>
    public static LoopDevice? FindAttached(string backingFile)
    {
        if (Sys.Stat(backingFile, out FileIdentity file) != 0)
        {
            return null;
        }

        foreach (string dir in Directory.EnumerateDirectories("/sys/block", "loop*"))
        {
            if (!Directory.Exists(System.IO.Path.Combine(dir, "loop"))
                || !int.TryParse(System.IO.Path.GetFileName(dir).AsSpan(4), out int n))
            {
                continue;
            }

            var loop = new LoopDevice(n);
            LoopStatus? status = loop.TryGetStatus();
            if (status is not null && status.BackingDevice == file.Device
                && status.BackingInode == file.Inode)
            {
                return loop;
            }
        }

        return null;
    }

    /// <summary>The loop's backing file identity and flags (LOOP_GET_STATUS64).</summary>
    /// <exception cref="LoopDeviceException">Not attached (ENXIO) or not accessible.</exception>
    public LoopStatus GetStatus() => TryGetStatus(throwOnError: true)!;

    /// <summary>Re-reads the backing file's size after it grew (LOOP_SET_CAPACITY).</summary>
    public void RefreshCapacity() => Control("LOOP_SET_CAPACITY", LOOP_SET_CAPACITY);

    /// <summary>
    /// Detaches the backing file (LOOP_CLR_FD). While another holder has the loop open the
    /// kernel instead marks it autoclear, and it goes when the last holder closes it.
    /// </summary>
    public void Detach() => Control("LOOP_CLR_FD", LOOP_CLR_FD);

    /// <summary>Sets or clears LO_FLAGS_AUTOCLEAR (detach at last close).</summary>
    /// <param name="enabled">True to set the flag.</param>
    public unsafe void SetAutoClear(bool enabled)
    {
        WithDevice("LOOP_SET_STATUS64", fd =>
        {
            loop_info64 info;
            if (Sys.Ioctl(fd, LOOP_GET_STATUS64, &info) != 0)
            {
                return Sys.Errno;
            }

            info.lo_flags = enabled ? info.lo_flags | LO_FLAGS_AUTOCLEAR
                : info.lo_flags & ~LO_FLAGS_AUTOCLEAR;
            return Sys.Ioctl(fd, LOOP_SET_STATUS64, &info) == 0 ? 0 : Sys.Errno;
        });
    }

    /// <summary>/dev/loopN.</summary>
    public override string ToString() => Path;

    private static int GetFree()
    {
        int ctl = Sys.Open(ControlPath, Sys.O_RDWR);
        if (ctl < 0)
        {
            throw new LoopDeviceException("open", ControlPath, Sys.Errno);
        }

        try
        {
            int n = Sys.Ioctl(ctl, LOOP_CTL_GET_FREE, 0);
            return n >= 0 ? n : throw new LoopDeviceException("LOOP_CTL_GET_FREE", ControlPath,
                Sys.Errno);
        }
        finally
        {
            Sys.Close(ctl);
        }
    }

    private unsafe int TryConfigure(int fileFd, string file, bool readOnly)
    {
        int fd = OpenNode(readOnly);
        if (fd < 0)
        {
            return Sys.Errno;
        }

        try
        {
            var config = new loop_config { fd = (uint)fileFd };
            config.info.lo_flags = readOnly ? LO_FLAGS_READ_ONLY : 0;
            WriteName(new Span<byte>(config.info.lo_file_name, LO_NAME_SIZE), file);
            if (Sys.Ioctl(fd, LOOP_CONFIGURE, &config) == 0)
            {
                return 0;
            }

            int errno = Sys.Errno;
            if (errno is not (EINVAL or ENOTTY))
            {
                return errno;
            }

            // Before Linux 5.8: attach, then set the name (flags follow the fd's mode).
            if (Sys.Ioctl(fd, LOOP_SET_FD, fileFd) != 0)
            {
                return Sys.Errno;
            }

            var info = new loop_info64();
            WriteName(new Span<byte>(info.lo_file_name, LO_NAME_SIZE), file);
            if (Sys.Ioctl(fd, LOOP_SET_STATUS64, &info) != 0)
            {
                errno = Sys.Errno;
                _ = Sys.Ioctl(fd, LOOP_CLR_FD, 0);
                return errno;
            }

            return 0;
        }
        finally
        {
            Sys.Close(fd);
        }
    }

    private int OpenNode(bool readOnly)
    {
        // A number fresh from LOOP_CTL_GET_FREE may not have its devtmpfs node yet.
        for (int i = 0; ; i++)
        {
            int fd = Sys.Open(Path, readOnly ? Sys.O_RDONLY : Sys.O_RDWR);
            if (fd >= 0 || Sys.Errno != 2 || i >= 100)
            {
                return fd;
            }

            Thread.Sleep(10);
        }
    }

    private unsafe LoopStatus? TryGetStatus(bool throwOnError = false)
    {
        int fd = Sys.Open(Path, Sys.O_RDONLY);
        if (fd < 0)
        {
            return throwOnError ? throw new LoopDeviceException("open", Path, Sys.Errno) : null;
        }

        try
        {
            loop_info64 info;
            if (Sys.Ioctl(fd, LOOP_GET_STATUS64, &info) != 0)
            {
                int errno = Sys.Errno;
                return throwOnError ? throw new LoopDeviceException("LOOP_GET_STATUS64", Path, errno)
                    : null;
            }

            string name = DmControl.ReadCString(new ReadOnlySpan<byte>(info.lo_file_name,
                LO_NAME_SIZE));
            return new LoopStatus(info.lo_device, info.lo_inode, info.lo_offset, info.lo_sizelimit,
                name, (info.lo_flags & LO_FLAGS_READ_ONLY) != 0,
                (info.lo_flags & LO_FLAGS_AUTOCLEAR) != 0);
        }
        finally
        {
            Sys.Close(fd);
        }
    }

    private void Control(string command, int request) =>
        WithDevice(command, fd => Sys.Ioctl(fd, request, 0) == 0 ? 0 : Sys.Errno);

    private void WithDevice(string command, Func<int, int> action)
    {
        int fd = Sys.Open(Path, Sys.O_RDONLY);
        if (fd < 0)
        {
            throw new LoopDeviceException("open", Path, Sys.Errno);
        }

        try
        {
            int errno = action(fd);
            if (errno != 0)
            {
                throw new LoopDeviceException(command, Path, errno);
            }
        }
        finally
        {
            Sys.Close(fd);
        }
    }

    private static void WriteName(Span<byte> field, string file)
    {
        // lo_file_name is informational (losetup shows it); keep the tail of long paths.
        byte[] bytes = Encoding.UTF8.GetBytes(file);
        int take = Math.Min(bytes.Length, field.Length - 1);
        bytes.AsSpan(bytes.Length - take).CopyTo(field);
    }
}
