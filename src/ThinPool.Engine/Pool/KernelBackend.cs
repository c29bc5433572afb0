using ThinPool.Engine.IO;
using ThinPool.Engine.Kernel;
using ThinPool.Engine.Kernel.Status;
using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Pool;

/// <summary>
/// The backend of a pool that is active in the kernel (loop or direct mode). Metadata changes
/// are thin-pool messages, which the kernel commits before it answers, so <see cref="Commit"/>
/// only flushes volume devices and <see cref="Abort"/> cannot take a message back: the name
/// protocol in <see cref="PoolSession.ChangeNames"/> copes, because the transaction id is
/// swapped last. Device lists and mappings are read from a metadata snapshot the kernel takes
/// on request; volume data moves through the activated <c>/dev/mapper/POOL-VOLUME</c> device.
/// </summary>
internal sealed partial class KernelBackend : IPoolBackend
{
    private readonly PoolDescriptor _descriptor;
    private readonly string _directory;
    private readonly Dictionary<ulong, VolumeHandle> _volumes = new();
    private readonly Dictionary<ulong, HashSet<ulong>> _mappings = new();
    private readonly Dictionary<ulong, VolumeRecord> _announced = new();
    private IReadOnlyList<ThinDeviceInfo>? _devices;

    public KernelBackend(DmControl dm, KernelThinPool pool, PoolDescriptor descriptor,
        string directory)
    {
        Control = dm;
        Pool = pool;
        _descriptor = descriptor;
        _directory = directory;
    }

    public DmControl Control { get; }

    public KernelThinPool Pool { get; }

    public PoolMode Mode => _descriptor.Mode;

    public PoolState State => PoolState.Active;

    /// <summary>The kernel's status as last read by <see cref="ReadUsage"/>.</summary>
    public ThinPoolTargetStatus? LastStatus { get; private set; }

    public IReadOnlyList<ThinDeviceInfo> Devices =>
        _devices ??= WithMetadataSnapshot(md => md.Devices.ToArray());

    private string MetadataPath =>
        PoolBackends.PathOf(_directory, _descriptor, _descriptor.MetadataFile);

    private string DataPath => PoolBackends.PathOf(_directory, _descriptor, _descriptor.DataFile);

    public PoolUsage ReadUsage()
    {
        ThinPoolTargetStatus s = Pool.GetStatus();
        LastStatus = s;
        return new PoolUsage(s.TransactionId, _descriptor.BlockBytes, s.DataBlocksTotal,
            s.DataBlocksUsed, s.MetadataBlocksTotal, s.MetadataBlocksUsed, s.HeldMetadataRoot,
            s.NeedsCheck ?? false);
    }

    public void CreateThin(ulong deviceId)
    {
        Invalidate();
        Pool.CreateThin(deviceId);
    }

    public void CreateSnapshot(ulong deviceId, ulong originId)
    {
        Invalidate();
        VolumeRecord? origin = _descriptor.Volumes.Find(v => v.DeviceId == originId);
        string? active = origin is null ? null : Pool.FindVolume(origin.Name)?.Name;
        Pool.CreateSnapshot(deviceId, originId, active);
    }

    public void DeleteDevice(ulong deviceId)
    {
        Invalidate();
        Pool.Delete(deviceId);
    }

    public void SetTransactionId(ulong current, ulong next) =>
        Pool.SetTransactionId(current, next);

    public void GrowData(long bytes)
    {
        RequireNotLvm();
        if (Mode == PoolMode.Loop)
        {
            SparseGrow(DataPath, bytes);
            LoopOf(DataPath).RefreshCapacity();
        }
        else
        {
            RequireDeviceSize(DataPath, bytes, "data");
        }

        Pool.Reload(Pool.GetTable() with { LengthSectors = (ulong)bytes / 512 });
    }

    public void GrowMetadata(long bytes)
    {
        RequireNotLvm();
        if (Mode == PoolMode.Loop)
        {
            SparseGrow(MetadataPath, bytes);
            LoopOf(MetadataPath).RefreshCapacity();
        }
        else
        {
            RequireDeviceSize(MetadataPath, bytes, "metadata");
        }

        // On resume the kernel grows its metadata space map into the larger device.
        Pool.Refresh();
    }

    public IEnumerable<ulong> MappedBlocks(ulong deviceId) => Mapped(deviceId).Order().ToArray();

    public bool IsMapped(ulong deviceId, ulong virtualBlock) =>
        Mapped(deviceId).Contains(virtualBlock);

    public void Commit()
    {
        foreach (VolumeHandle volume in _volumes.Values)
        {
            volume.Device.Flush();
        }
    }

    public void Abort()
    {
        // Messages are committed by the kernel as they are sent; nothing is pending here.
        Invalidate();
    }

    public void Dispose()
    {
        foreach (VolumeHandle volume in _volumes.Values)
        {
            volume.Dispose(Pool);
        }

        _volumes.Clear();
        Control.Dispose();
    }

    private HashSet<ulong> Mapped(ulong deviceId)
    {
        if (!_mappings.TryGetValue(deviceId, out HashSet<ulong>? set))
        {
            set = WithMetadataSnapshot(md =>
                md.GetMappings(deviceId).Select(m => m.VirtualBlock).ToHashSet());
            _mappings[deviceId] = set;
        }

        return set;
    }

    private void Invalidate()
    {
        _devices = null;
        _mappings.Clear();
    }

    /// <summary>
    /// Reads the pool's metadata as of now: the kernel commits and holds a snapshot of it, we
    /// read the snapshot from the metadata file or device, and release it. In loop mode the
    /// loop writes through the file's page cache, so a buffered read is coherent; a raw device
    /// is written by the kernel around the page cache, so its cached pages are dropped first.
    /// </summary>
    /// <remarks>
    /// The kernel holds one snapshot at a time, so readers take turns on
    /// <see cref="PoolLock.SnapshotFileName"/>. Holding it, a snapshot the kernel already holds
    /// can only be one a process killed while it read left behind: it is released and taken
    /// again, or every later read of the pool would fail with EBUSY.
    /// </remarks>
    private T WithMetadataSnapshot<T>(Func<ThinMetadata, T> read)
    {
        using PoolLock turn = PoolLock.Acquire(_directory, _descriptor.Name, exclusive: true,
            NullPoolSink.Instance, PoolLock.SnapshotFileName);
        try
        {
            Pool.ReserveMetadataSnapshot();
        }
        catch (DeviceMapperException e) when (e.IsBusy)
        {
            Pool.ReleaseMetadataSnapshot();
            Pool.ReserveMetadataSnapshot();
        }

        try
        {
            if (_descriptor.OnDevices)
            {
                BlockDeviceControl.FlushBuffers(MetadataPath);
            }

            using FileBlockDevice device = FileBlockDevice.Open(MetadataPath, readOnly: true);
            using ThinMetadata metadata = ThinMetadata.OpenMetadataSnapshot(device);
            return read(metadata);
        }
        finally
        {
            Pool.ReleaseMetadataSnapshot();
        }
    }

    /// <summary>lvm owns an LVM pool's devices and table: ThinPoolService grows it with
    /// lvextend, which reloads the table itself.</summary>
    private void RequireNotLvm()
    {
        if (Mode == PoolMode.Lvm)
        {
            throw new InvalidOperationException("An LVM pool grows through lvm (lvextend).");
        }
    }

    private static LoopDevice LoopOf(string file) => LoopDevice.FindAttached(file)
        ?? throw new PoolOperationException(PoolErrorReason.PoolNotActive, file,
            $"No loop device is attached to '{file}', so the live pool cannot grow into it. "
            + "Deactivate and activate the pool with Dismount-ThinPool and Mount-ThinPool.");

    private static void SparseGrow(string file, long bytes)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        if (stream.Length < bytes)
        {
            stream.SetLength(bytes);
        }
    }

    private static void RequireDeviceSize(string device, long bytes, string what)
    {
        long size = (long)BlockDeviceSize.Sectors(device) * 512;
        if (size < bytes)
        {
            throw new PoolOperationException(PoolErrorReason.InvalidSize, device,
                $"The {what} device '{device}' holds {size} bytes, less than the {bytes} bytes "
                + "asked for. Grow the device first (for example with lvextend or by resizing "
                + "the disk), then run Resize-ThinPool again.");
        }
    }
}
