using System.Diagnostics;
using ThinPool.Engine.Kernel.Interop;

namespace ThinPool.Engine.Kernel;

/// <summary>
/// Keeps <c>/dev/mapper/NAME</c> block nodes in step with the kernel's devices. Where udev runs
/// (<c>/run/udev/control</c> exists) udev owns the nodes and we only wait for them, bounded;
/// elsewhere (containers, the test VM) nobody else would make them, so we mknod the dev_t the
/// kernel returned and unlink on removal.
/// </summary>
public sealed class MapperNodes
{
    /// <summary>Nodes under /dev/mapper; udev detected from /run/udev/control.</summary>
    public static MapperNodes Default { get; } = new("/dev/mapper", null, TimeSpan.FromSeconds(10));

    private readonly bool? _udevOverride;

    /// <summary>Creates a node manager for <paramref name="directory"/>.</summary>
    /// <param name="directory">Where nodes live, normally /dev/mapper.</param>
    /// <param name="udevRuns">Force udev on or off; null to detect it on each call.</param>
    /// <param name="udevWait">How long to wait for udev to make a node.</param>
    public MapperNodes(string directory, bool? udevRuns, TimeSpan udevWait)
    {
        Directory = directory;
        _udevOverride = udevRuns;
        UdevWait = udevWait;
    }

    /// <summary>The node directory.</summary>
    public string Directory { get; }

    /// <summary>How long <see cref="OnResumed"/> waits for udev to make a node.</summary>
    public TimeSpan UdevWait { get; }

    /// <summary>True when udev manages device nodes on this system.</summary>
    public bool UdevRuns => _udevOverride ?? File.Exists("/run/udev/control");

    /// <summary>The node path of a device.</summary>
    /// <param name="name">The device name.</param>
    public string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Called after a device was created: makes its node unless udev runs.</summary>
    /// <param name="info">The new device.</param>
    public void OnCreated(DmDeviceInfo info)
    {
        if (!UdevRuns)
        {
            EnsureNode(info.Name, info.Device);
        }
    }

    /// <summary>
    /// Called after a resume: waits for udev's node, or makes the node when it is missing and
    /// no udev runs (a device created by another tool).
    /// </summary>
    /// <param name="info">The resumed device.</param>
    /// <exception cref="TimeoutException">
    /// udev did not make the node within <see cref="UdevWait"/>.
    /// </exception>
    public void OnResumed(DmDeviceInfo info)
    {
        string path = PathOf(info.Name);
        if (!UdevRuns)
        {
            EnsureNode(info.Name, info.Device);
            return;
        }

        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (clock.Elapsed > UdevWait)
            {
                throw new TimeoutException(
                    $"udev did not create {path} within {UdevWait.TotalSeconds:0.#} s.");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>Called after a device was removed: deletes its node unless udev runs.</summary>
    /// <param name="name">The removed device's name.</param>
    public void OnRemoved(string name)
    {
        if (!UdevRuns)
        {
            DeleteNode(name);
        }
    }

    /// <summary>
    /// Deletes block nodes whose device no longer exists (left by a deferred removal or a
    /// crash), unless udev runs. Returns the names removed.
    /// </summary>
    /// <param name="live">The devices the kernel has now.</param>
    public IReadOnlyList<string> Sweep(IEnumerable<DmDeviceEntry> live)
    {
        var removed = new List<string>();
        if (UdevRuns || !System.IO.Directory.Exists(Directory))
        {
            return removed;
        }

        var alive = live.Select(d => d.Name).ToHashSet();
        foreach (string path in System.IO.Directory.EnumerateFileSystemEntries(Directory))
        {
            string name = System.IO.Path.GetFileName(path);
            if (Sys.Stat(path, out FileIdentity id) != 0 || !id.IsBlockDevice)
            {
                continue;
            }

            if (!alive.Contains(name))
            {
                DeleteNode(name);
                removed.Add(name);
            }
        }

        return removed;
    }

    private void EnsureNode(string name, DeviceNumber device)
    {
        DmControl.ValidateName(name);
        string path = PathOf(name);
        if (Sys.Stat(path, out FileIdentity id) == 0)
        {
            if (id.IsBlockDevice && id.RDevice == device.Dev)
            {
                return;
            }

            DeleteNode(name); // stale: an older device of the same name
        }

        System.IO.Directory.CreateDirectory(Directory);
        if (Sys.MknodBlock(path, device.Dev, 0b110_000_000) != 0)
        {
            int errno = Sys.Errno;
            if (errno != 17)
            {
                throw new KernelDeviceException("mknod", path, errno, $"block {device}");
            }
        }
    }

    private void DeleteNode(string name)
    {
        string path = PathOf(name);
        if (Sys.Unlink(path) != 0 && Sys.Errno != 2)
        {
            throw new KernelDeviceException("unlink", path, Sys.Errno);
        }
    }
}
