using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;

namespace ThinPool.Engine.Kernel.Interop;

/// <summary>
/// Thin wrappers over the few libc calls the kernel backend needs besides device-mapper
/// ioctls. Each returns the raw result and leaves errno reporting to the caller, which knows
/// which command and device to name.
/// </summary>
internal static unsafe class Sys
{
    public const int O_RDONLY = 0;
    public const int O_RDWR = 2;
    public const int O_CLOEXEC = 0x80000;
    public const ushort S_IFMT = 0xF000;
    public const ushort S_IFBLK = 0x6000;
    public const ushort S_IFREG = 0x8000;
    public const ushort S_IFLNK = 0xA000;

    public static int Errno => LibC.errno;

    public static int Open(string path, int flags)
    {
        byte[] p = CString(path);
        fixed (byte* pp = p)
        {
            int fd;
            do
            {
                fd = LibC.open(pp, flags | O_CLOEXEC, 0);
            }
            while (fd < 0 && LibC.errno == LibC.EINTR);
            return fd;
        }
    }

    public static void Close(int fd) => _ = LibC.close(fd);

    public static int Ioctl(int fd, int request, void* arg) => LibC.ioctl(fd, request, arg);

    public static int Ioctl(int fd, int request, int arg) => LibC.ioctl(fd, request, arg);

    public static int Stat(string path, out FileIdentity identity)
    {
        byte[] p = CString(path);
        stat st;
        int rc;
        fixed (byte* pp = p)
        {
            rc = LibC.stat(pp, &st);
        }

        identity = rc == 0 ? Identity(st) : default;
        return rc;
    }

    /// <summary><c>lstat</c>: as <see cref="Stat"/>, but a symbolic link is described itself.</summary>
    public static int Lstat(string path, out FileIdentity identity)
    {
        byte[] p = CString(path);
        stat st;
        int rc;
        fixed (byte* pp = p)
        {
            rc = LibC.lstat(pp, &st);
        }

        identity = rc == 0 ? Identity(st) : default;
        return rc;
    }

    public static int Fstat(int fd, out FileIdentity identity)
    {
        stat st;
        int rc = LibC.fstat(fd, &st);
        identity = rc == 0 ? Identity(st) : default;
        return rc;
    }

    public static int MknodBlock(string path, ulong dev, ushort permissions)
    {
        byte[] p = CString(path);
        fixed (byte* pp = p)
        {
            return LibC.mknod(pp, (mode_t)(ushort)(S_IFBLK | permissions), dev);
        }
    }

    public static int Unlink(string path)
    {
        byte[] p = CString(path);
        fixed (byte* pp = p)
        {
            return LibC.unlink(pp);
        }
    }

    public static uint EffectiveUserId => LibC.geteuid();

    /// <summary>The symbolic name of an errno value (EBUSY), or its number when unknown.</summary>
    public static string ErrnoName(int errno) => errno switch
    {
        1 => "EPERM", 2 => "ENOENT", 4 => "EINTR", 5 => "EIO", 6 => "ENXIO", 9 => "EBADF",
        11 => "EAGAIN", 12 => "ENOMEM", 13 => "EACCES", 16 => "EBUSY", 17 => "EEXIST",
        19 => "ENODEV", 22 => "EINVAL", 25 => "ENOTTY", 28 => "ENOSPC", 30 => "EROFS",
        95 => "EOPNOTSUPP", _ => "errno " + errno,
    };

    /// <summary>The C library's text for an errno value.</summary>
    public static string ErrnoText(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    public static byte[] CString(string s)
    {
        byte[] b = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, b);
        return b;
    }

    private static FileIdentity Identity(in stat st) => new(
        (ulong)st.st_dev, (ulong)st.st_ino, (ulong)st.st_rdev, (ushort)st.st_mode, (long)st.st_size);
}

/// <summary>What <c>stat</c> says about a file: the identity the loop driver records.</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, ulong RDevice, ushort Mode,
    long Size)
{
    public bool IsBlockDevice => (Mode & Sys.S_IFMT) == Sys.S_IFBLK;

    public bool IsRegularFile => (Mode & Sys.S_IFMT) == Sys.S_IFREG;

    public bool IsSymbolicLink => (Mode & Sys.S_IFMT) == Sys.S_IFLNK;
}
