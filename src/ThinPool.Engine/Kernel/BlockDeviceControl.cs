using ThinPool.Engine.Kernel.Interop;

namespace ThinPool.Engine.Kernel;

/// <summary>
/// The two generic block-device ioctls the pool layer needs on a raw device: dropping its
/// buffer cache (BLKFLSBUF) and discarding a byte range (BLKDISCARD).
/// </summary>
public static class BlockDeviceControl
{
    // linux/fs.h: _IO(0x12, 97) and _IO(0x12, 119).
    private const int BLKFLSBUF = 0x1261;
    private const int BLKDISCARD = 0x1277;

    /// <summary>True when <paramref name="path"/> is (or links to) a block device node.</summary>
    /// <param name="path">A path.</param>
    public static bool IsBlockDevice(string path) =>
        Sys.Stat(path, out FileIdentity id) == 0 && id.IsBlockDevice;

    /// <summary>
    /// Writes back and drops the page cache of block device <paramref name="device"/>, so a
    /// following buffered read sees what the kernel wrote to it directly (device-mapper targets
    /// write around the page cache). Needs CAP_SYS_ADMIN.
    /// </summary>
    /// <param name="device">A block device node.</param>
    /// <exception cref="KernelDeviceException">The ioctl failed.</exception>
    public static unsafe void FlushBuffers(string device) =>
        WithDevice(device, Sys.O_RDONLY, "BLKFLSBUF", fd => Sys.Ioctl(fd, BLKFLSBUF, 0));

    /// <summary>Discards <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    /// <param name="device">A block device node opened for writing.</param>
    /// <param name="offset">Start in bytes; a multiple of 512.</param>
    /// <param name="length">Length in bytes; a multiple of 512.</param>
    /// <exception cref="KernelDeviceException">The ioctl failed.</exception>
    public static unsafe void Discard(string device, long offset, long length) =>
        WithDevice(device, Sys.O_RDWR, "BLKDISCARD", fd =>
        {
            ulong* range = stackalloc ulong[2];
            range[0] = (ulong)offset;
            range[1] = (ulong)length;
            return Sys.Ioctl(fd, BLKDISCARD, range);
        });

    private static void WithDevice(string device, int flags, string command, Func<int, int> act)
    {
        int fd = Sys.Open(device, flags);
        if (fd < 0)
        {
            throw new KernelDeviceException("open", device, Sys.Errno);
        }

        try
        {
            if (act(fd) != 0)
            {
                throw new KernelDeviceException(command, device, Sys.Errno);
            }
        }
        finally
        {
            Sys.Close(fd);
        }
    }
}
