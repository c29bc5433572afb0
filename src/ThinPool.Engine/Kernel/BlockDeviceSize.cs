using ThinPool.Engine.Kernel.Interop;

namespace ThinPool.Engine.Kernel;

/// <summary>
/// The size of a block device as the block layer sees it now, read from
/// <c>/sys/dev/block/MAJOR:MINOR/size</c> (always in 512-byte sectors), so that no open of the
/// device is needed (an open could race a deferred removal or an exclusive holder).
/// </summary>
public static class BlockDeviceSize
{
    /// <summary>The device's size in 512-byte sectors.</summary>
    /// <param name="path">A block device node, e.g. /dev/loop0 or /dev/vdb.</param>
    /// <exception cref="ArgumentException">The path is not a block device.</exception>
    /// <exception cref="KernelDeviceException">stat failed.</exception>
    public static ulong Sectors(string path)
    {
        if (Sys.Stat(path, out FileIdentity id) != 0)
        {
            throw new KernelDeviceException("stat", path, Sys.Errno);
        }

        if (!id.IsBlockDevice)
        {
            throw new ArgumentException($"'{path}' is not a block device.", nameof(path));
        }

        DeviceNumber dev = DeviceNumber.FromDev(id.RDevice);
        string text = File.ReadAllText($"/sys/dev/block/{dev}/size").Trim();
        return ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
