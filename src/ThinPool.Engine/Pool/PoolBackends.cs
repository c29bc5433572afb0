using ThinPool.Engine.Kernel;
using ThinPool.Engine.Kernel.Status;

namespace ThinPool.Engine.Pool;

/// <summary>
/// Picks the backend for a pool. An offline pool, or a loop or direct pool that is not active
/// in the kernel, is worked on in user space (<see cref="OfflineBackend"/> over its files or
/// devices); an active one through the kernel (<see cref="KernelBackend"/>).
/// </summary>
internal static class PoolBackends
{
    private static readonly Lazy<KernelSupportReport> Support = new(() => KernelSupport.Probe());

    /// <summary>Whether this process can use device-mapper (root, control node, answers).</summary>
    public static KernelSupportReport Kernel => Support.Value;

    public static bool IsAvailable(PoolMode mode) =>
        mode == PoolMode.Offline || Kernel.IsSupported;

    public static IPoolBackend Open(string directory, PoolDescriptor descriptor, bool writable)
    {
        string data = PathOf(directory, descriptor, descriptor.DataFile);
        string metadata = PathOf(directory, descriptor, descriptor.MetadataFile);
        if (descriptor.Mode != PoolMode.Offline
            && TryOpenActive(directory, descriptor) is { } live)
        {
            return live;
        }

        if (descriptor.Mode == PoolMode.Lvm)
        {
            // lvm keeps an inactive pool's metadata in a hidden LV that has no device.
            throw Kernel.IsSupported ? LvmNotActive(descriptor) : KernelMissing(descriptor.Name);
        }

        if (descriptor.OnDevices && Kernel.IsSupported)
        {
            // The kernel wrote the device around its page cache; drop what may be stale.
            BlockDeviceControl.FlushBuffers(metadata);
            BlockDeviceControl.FlushBuffers(data);
        }

        return OfflineBackend.Open(data, metadata, readOnly: !writable);
    }

    /// <summary>The kernel backend of an active pool, or null when it is not active.</summary>
    public static KernelBackend? TryOpenActive(string directory, PoolDescriptor descriptor)
    {
        if (!Kernel.IsSupported)
        {
            // Without the kernel we cannot ask; a loop on the data file means it may be live,
            // and writing its files from user space under a running pool would corrupt it.
            string data = Path.Combine(directory, descriptor.DataFile);
            if (descriptor.Mode == PoolMode.Loop && LoopFiles.IsAttached(data))
            {
                throw KernelMissing(descriptor.Name, "is attached to a loop device and may be "
                    + "active in the kernel");
            }

            return null;
        }

        DmControl dm = DmControl.Open();
        try
        {
            KernelThinPool? pool = FindPool(dm, descriptor);
            if (pool is null)
            {
                dm.Dispose();
                return null;
            }

            return new KernelBackend(dm, pool, descriptor, directory);
        }
        catch
        {
            dm.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The pool's thin-pool device. lvm runs an LVM pool as <c>VG-LV</c> while it has no thin
    /// LVs of lvm's own, and as <c>VG-LV-tpool</c> (under a linear <c>VG-LV</c>) once it has.
    /// </summary>
    internal static KernelThinPool? FindPool(DmControl dm, PoolDescriptor descriptor)
    {
        string name = descriptor.DeviceMapperName;
        if (descriptor.Mode != PoolMode.Lvm)
        {
            return KernelThinPool.Find(dm, name);
        }

        return KernelThinPool.Find(dm, name + "-tpool") is { } layered ? layered
            : dm.TryGetInfo(name) is { HasActiveTable: true } ? KernelThinPool.Find(dm, name)
            : null;
    }

    public static IPoolBackend Create(PoolDescriptor descriptor, string directory,
        long dataBytes, long metadataBytes, bool overwrite)
    {
        string data = PathOf(directory, descriptor, descriptor.DataFile);
        string metadata = PathOf(directory, descriptor, descriptor.MetadataFile);
        switch (descriptor.Mode)
        {
            case PoolMode.Offline:
                return OfflineBackend.Create(data, metadata, descriptor.BlockBytes, dataBytes,
                    metadataBytes, overwrite);
            case PoolMode.Loop:
                OfflineBackend.Create(data, metadata, descriptor.BlockBytes, dataBytes,
                    metadataBytes, overwrite).Dispose();
                return Activate(directory, descriptor);
            case PoolMode.Direct:
                OfflineBackend.Format(data, metadata, descriptor.BlockBytes, dataBytes).Dispose();
                return Activate(directory, descriptor);
            default:
                // LVM pools are built by lvm (ThinPoolService.CreateLvmPool), never here.
                throw new InvalidOperationException($"No pool files are made in {descriptor.Mode} mode.");
        }
    }

    /// <summary>
    /// Activates a loop or direct pool (or finds it active) and returns its kernel backend.
    /// Loop mode reuses loops already on the files, so a retry after a crash converges.
    /// </summary>
    public static KernelBackend Activate(string directory, PoolDescriptor descriptor)
    {
        string data = PathOf(directory, descriptor, descriptor.DataFile);
        string metadata = PathOf(directory, descriptor, descriptor.MetadataFile);
        uint sectors = (uint)(descriptor.BlockBytes / 512);
        ThinPoolFeatures features = Features(descriptor);
        DmControl dm = DmControl.Open();
        try
        {
            KernelThinPool pool = descriptor.Mode == PoolMode.Loop
                ? KernelThinPool.ActivateOnFiles(dm, descriptor.Name, metadata, data, sectors,
                    descriptor.LowWaterMarkBlocks, features)
                : KernelThinPool.Find(dm, descriptor.Name) ?? KernelThinPool.Activate(dm,
                    descriptor.Name, metadata, data, sectors, descriptor.LowWaterMarkBlocks,
                    features);
            return new KernelBackend(dm, pool, descriptor, directory);
        }
        catch
        {
            dm.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Where a pool file is. A direct pool's devices may be named by a link (/dev/disk/by-id,
    /// udev's /dev/mapper links); the files are opened without following links, so the link is
    /// resolved here, for devices only.
    /// </summary>
    public static string PathOf(string directory, PoolDescriptor descriptor, string file)
    {
        string path = Path.Combine(directory, file);
        return descriptor.OnDevices ? ResolveDevice(path) : path;
    }

    /// <summary>A device path with every symbolic link resolved; a path that names nothing
    /// (an inactive LVM pool's sub-LV) as it is.</summary>
    public static string ResolveDevice(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return path;
        }
    }

    /// <summary>The thin-pool feature arguments a descriptor asks for.</summary>
    public static ThinPoolFeatures Features(PoolDescriptor descriptor) =>
        (descriptor.ZeroNewBlocks ? ThinPoolFeatures.None : ThinPoolFeatures.SkipBlockZeroing)
        | (descriptor.DiscardPassdown ? ThinPoolFeatures.None : ThinPoolFeatures.NoDiscardPassdown)
        | (descriptor.WhenFull == WhenFullAction.Error ? ThinPoolFeatures.ErrorIfNoSpace
            : ThinPoolFeatures.None);

    /// <summary>The error for work on an LVM pool that lvm has not activated.</summary>
    public static PoolOperationException LvmNotActive(PoolDescriptor descriptor) =>
        new(PoolErrorReason.PoolNotActive, descriptor.Name,
            $"LVM pool '{descriptor.Name}' ({descriptor.VolumeGroup}/{descriptor.LogicalVolume}) "
            + "is not active, and lvm keeps an inactive pool's metadata where only lvm can read "
            + "it. Activate it with Mount-ThinPool (lvchange -ay).");

    /// <summary>The one error for a live operation without root or device-mapper.</summary>
    public static PoolOperationException KernelMissing(string target, string? why = null) =>
        new(PoolErrorReason.KernelUnavailable, target, (why is null ? ""
                : $"'{target}' {why}, but the kernel backend cannot be used here: ")
            + (Kernel.Problem ?? "the kernel backend is unavailable."));


}
