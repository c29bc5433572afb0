using System.Globalization;
using ThinPool.Engine.Kernel.Status;

namespace ThinPool.Engine.Kernel;

/// <summary>
/// An active thin-pool device in the kernel and the thin volumes activated from it, as the
/// pool layer uses them. Volumes are named <c>POOL-VOLUME</c> under /dev/mapper.
/// </summary>
/// <remarks>
/// Every change is one or a few <see cref="DmControl"/> calls; nothing is cached, so a second
/// process changing the pool is seen on the next call. Messages commit the pool metadata
/// before the kernel answers, so a successful call is durable.
/// </remarks>
public sealed class KernelThinPool
{
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(2);
    private readonly DmControl _dm;

    private KernelThinPool(DmControl dm, string name)
    {
        _dm = dm;
        Name = name;
    }

    /// <summary>The pool's device-mapper name.</summary>
    public string Name { get; }

    /// <summary>The pool's node, /dev/mapper/NAME.</summary>
    public string DevicePath => _dm.Nodes.PathOf(Name);

    /// <summary>The device-mapper name of a volume of this pool: <c>POOL-VOLUME</c>.</summary>
    /// <param name="volume">The volume name.</param>
    public string VolumeDeviceName(string volume) => $"{Name}-{volume}";

    /// <summary>
    /// Activates a pool: creates the device, loads <paramref name="table"/> and resumes. The
    /// kernel formats the metadata device when its superblock is all zeros. On failure the
    /// half-made device is removed again, so nothing is left behind.
    /// </summary>
    /// <param name="dm">The control device.</param>
    /// <param name="name">The pool device name.</param>
    /// <param name="table">The pool table.</param>
    /// <param name="uuid">An optional device uuid.</param>
    /// <exception cref="DeviceMapperException">The kernel refused (e.g. EBUSY: name taken).</exception>
    public static KernelThinPool Activate(DmControl dm, string name, ThinPoolTable table,
        string? uuid = null)
    {
        DmTarget target = table.ToTarget();
        _ = dm.Nodes.Sweep(dm.ListDevices());
        RemoveLeftover(dm, name);
        dm.Create(name, uuid);
        try
        {
            dm.LoadTable(name, [target]);
            dm.Resume(name);
        }
        catch
        {
            _ = dm.RemoveWithRetry(name, BusyRetry, deferIfBusy: false);
            throw;
        }

        return new KernelThinPool(dm, name);
    }

    /// <summary>
    /// Activates a pool over two block devices, its length the data device's current size.
    /// </summary>
    /// <param name="dm">The control device.</param>
    /// <param name="name">The pool device name.</param>
    /// <param name="metadataDevice">The metadata block device (zeroed first 4 KiB: the kernel
    /// formats it).</param>
    /// <param name="dataDevice">The data block device.</param>
    /// <param name="blockSizeSectors">The data block size in sectors (128 = 64 KiB).</param>
    /// <param name="lowWaterMarkBlocks">Free data blocks at which the pool raises an event.</param>
    /// <param name="features">Feature arguments.</param>
    public static KernelThinPool Activate(DmControl dm, string name, string metadataDevice,
        string dataDevice, uint blockSizeSectors, ulong lowWaterMarkBlocks,
        ThinPoolFeatures features) =>
        Activate(dm, name, new ThinPoolTable(BlockDeviceSize.Sectors(dataDevice), metadataDevice,
            dataDevice, blockSizeSectors, lowWaterMarkBlocks, features));

    /// <summary>
    /// Loop mode: activates a pool over two regular files, or returns it when it is already
    /// active. Loops already on the files are reused (so a re-run after a crash converges),
    /// new ones are attached, and both get the autoclear flag once the pool holds them, so
    /// they go away with the pool. If activation fails, loops this call attached are detached.
    /// </summary>
    /// <param name="dm">The control device.</param>
    /// <param name="name">The pool device name.</param>
    /// <param name="metadataFile">The metadata file (first 4 KiB zero: the kernel formats it).</param>
    /// <param name="dataFile">The data file; the pool length is its size.</param>
    /// <param name="blockSizeSectors">The data block size in sectors.</param>
    /// <param name="lowWaterMarkBlocks">Free data blocks at which the pool raises an event.</param>
    /// <param name="features">Feature arguments.</param>
    public static KernelThinPool ActivateOnFiles(DmControl dm, string name, string metadataFile,
        string dataFile, uint blockSizeSectors, ulong lowWaterMarkBlocks,
        ThinPoolFeatures features)
    {
        if (Find(dm, name) is { } active)
        {
            return active;
        }

        var attached = new List<LoopDevice>();
        LoopDevice Loop(string file)
        {
            if (LoopDevice.FindAttached(file) is { } existing)
            {
                return existing;
            }

            LoopDevice loop = LoopDevice.Attach(file);
            attached.Add(loop);
            return loop;
        }

        try
        {
            LoopDevice meta = Loop(metadataFile);
            LoopDevice data = Loop(dataFile);
            KernelThinPool pool = Activate(dm, name, new ThinPoolTable(data.SizeSectors, meta.Path,
                data.Path, blockSizeSectors, lowWaterMarkBlocks, features));
            meta.SetAutoClear(true);
            data.SetAutoClear(true);
            return pool;
        }
        catch
        {
            foreach (LoopDevice loop in attached)
            {
                loop.Detach();
            }

            throw;
        }
    }

    /// <summary>
    /// The already active pool named <paramref name="name"/>, or null when none is.
    /// </summary>
    /// <param name="dm">The control device.</param>
    /// <param name="name">The pool device name.</param>
    /// <exception cref="ArgumentException">The device exists but is not a thin pool.</exception>
    public static KernelThinPool? Find(DmControl dm, string name)
    {
        if (dm.TryGetInfo(name) is not { HasActiveTable: true })
        {
            return null;
        }

        var table = dm.GetTable(name);
        if (table.Count != 1 || table[0].TargetType != ThinPoolTable.TargetType)
        {
            throw new ArgumentException($"Device '{name}' is not a thin pool.", nameof(name));
        }

        return new KernelThinPool(dm, name);
    }

    /// <summary>The pool device's state (open count, suspended, device number).</summary>
    public DmDeviceInfo GetInfo() => _dm.GetInfo(Name);

    /// <summary>The pool's typed status.</summary>
    /// <param name="noFlush">Skip the metadata commit the kernel does before reporting.</param>
    public ThinPoolTargetStatus GetStatus(bool noFlush = false) =>
        ThinPoolTargetStatus.Parse(Single(_dm.GetStatus(Name, noFlush)).Parameters);

    /// <summary>
    /// The pool's active table as the kernel reports it (devices as major:minor).
    /// </summary>
    public ThinPoolTable GetTable() => ThinPoolTable.Parse(Single(_dm.GetTable(Name)));

    /// <summary>
    /// Creates thin device <paramref name="deviceId"/> (message <c>create_thin</c>).
    /// </summary>
    /// <param name="deviceId">A free id below 2^24.</param>
    public void CreateThin(ulong deviceId) => Message($"create_thin {deviceId}");

    /// <summary>
    /// Creates snapshot <paramref name="deviceId"/> of <paramref name="originId"/>
    /// (<c>create_snap</c>). When the origin is active as <paramref name="activeOrigin"/>, it is
    /// suspended around the message so the snapshot holds everything written before the call.
    /// </summary>
    /// <param name="deviceId">A free id below 2^24.</param>
    /// <param name="originId">The origin's id.</param>
    /// <param name="activeOrigin">The origin's device name when it is active; otherwise null.</param>
    public void CreateSnapshot(ulong deviceId, ulong originId, string? activeOrigin = null)
    {
        if (activeOrigin is null)
        {
            Message($"create_snap {deviceId} {originId}");
            return;
        }

        _dm.Suspend(activeOrigin);
        try
        {
            Message($"create_snap {deviceId} {originId}");
        }
        finally
        {
            _dm.Resume(activeOrigin);
        }
    }

    /// <summary>
    /// Deletes thin device <paramref name="deviceId"/> (<c>delete</c>); it must not be active.
    /// EBUSY is retried briefly: a deferred removal releases the device in the pool a moment
    /// after its name is gone.
    /// </summary>
    /// <param name="deviceId">The id.</param>
    public void Delete(ulong deviceId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Message($"delete {deviceId}");
                return;
            }
            catch (DeviceMapperException e) when (e.IsBusy && clock.Elapsed < BusyRetry)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>
    /// Compare-and-swap of the metadata transaction id (<c>set_transaction_id</c>).
    /// </summary>
    /// <param name="current">The id the pool must have now (EINVAL otherwise).</param>
    /// <param name="next">The new id.</param>
    public void SetTransactionId(ulong current, ulong next) =>
        Message($"set_transaction_id {current} {next}");

    /// <summary>
    /// Takes the metadata snapshot (<c>reserve_metadata_snap</c>); EBUSY if one is held.
    /// </summary>
    public void ReserveMetadataSnapshot() => Message("reserve_metadata_snap");

    /// <summary>
    /// Drops the metadata snapshot (<c>release_metadata_snap</c>); EINVAL if none is held.
    /// </summary>
    public void ReleaseMetadataSnapshot() => Message("release_metadata_snap");

    /// <summary>
    /// Replaces the pool table, e.g. with a longer one after the data device grew: load the new
    /// table, then suspend and resume. A table the kernel refuses leaves the pool as it was.
    /// </summary>
    /// <param name="table">The new table.</param>
    public void Reload(ThinPoolTable table)
    {
        _dm.LoadTable(Name, [table.ToTarget()]);
        Refresh();
    }

    /// <summary>
    /// Suspends and resumes the pool; on resume the kernel grows into a larger metadata device
    /// and re-arms the low water mark event.
    /// </summary>
    public void Refresh()
    {
        _dm.Suspend(Name);
        _dm.Resume(Name);
    }

    /// <summary>
    /// Activates thin device <paramref name="deviceId"/> as <c>/dev/mapper/POOL-VOLUME</c>.
    /// </summary>
    /// <param name="volume">The volume name.</param>
    /// <param name="deviceId">The thin device id.</param>
    /// <param name="lengthSectors">The volume size in sectors.</param>
    /// <param name="readOnly">Activate read-only.</param>
    public KernelThinVolume ActivateVolume(string volume, ulong deviceId, ulong lengthSectors,
        bool readOnly = false)
    {
        string name = VolumeDeviceName(volume);
        DmControl.ValidateName(name);
        var table = new ThinTable(lengthSectors, PoolDeviceReference(), deviceId);
        DmTarget target = table.ToTarget();
        RemoveLeftover(_dm, name);
        _dm.Create(name);
        try
        {
            _dm.LoadTable(name, [target], readOnly);
            _dm.Resume(name);
        }
        catch
        {
            _ = _dm.RemoveWithRetry(name, BusyRetry, deferIfBusy: false);
            throw;
        }

        return new KernelThinVolume(_dm, name, deviceId);
    }

    /// <summary>
    /// The active volume <paramref name="volume"/>, or null when it is not active.
    /// </summary>
    /// <param name="volume">The volume name.</param>
    public KernelThinVolume? FindVolume(string volume)
    {
        string name = VolumeDeviceName(volume);
        if (_dm.TryGetInfo(name) is not { HasActiveTable: true })
        {
            return null;
        }

        ThinTable table = ThinTable.Parse(Single(_dm.GetTable(name)));
        return new KernelThinVolume(_dm, name, table.DeviceId);
    }

    /// <summary>
    /// Deactivates a volume, retrying briefly while it is busy; if it stays open and
    /// <paramref name="deferIfBusy"/> is set, it goes at its last close.
    /// </summary>
    /// <param name="volume">The volume name.</param>
    /// <param name="deferIfBusy">Fall back to deferred removal.</param>
    public DmRemoveOutcome DeactivateVolume(string volume, bool deferIfBusy = false) =>
        _dm.RemoveWithRetry(VolumeDeviceName(volume), BusyRetry, deferIfBusy);

    /// <summary>Removes the pool device (its volumes must be gone; EBUSY otherwise).</summary>
    /// <param name="deferIfBusy">Fall back to deferred removal.</param>
    public DmRemoveOutcome Deactivate(bool deferIfBusy = false) =>
        _dm.RemoveWithRetry(Name, BusyRetry, deferIfBusy);

    private void Message(string text) => _dm.SendMessage(Name, 0, text);

    /// <summary>
    /// Removes a device that holds <paramref name="name"/> but was never resumed with a table:
    /// what a process killed between create and resume leaves. Nothing can have opened it.
    /// </summary>
    private static void RemoveLeftover(DmControl dm, string name)
    {
        if (dm.TryGetInfo(name) is { HasActiveTable: false, OpenCount: 0 })
        {
            _ = dm.RemoveWithRetry(name, BusyRetry, deferIfBusy: false);
        }
    }

    private string PoolDeviceReference() =>
        GetInfo().Device.ToString(); // major:minor works with or without a /dev/mapper node

    private DmTarget Single(IReadOnlyList<DmTarget> targets) => targets.Count == 1 ? targets[0]
        : throw new StatusParseException("table", "target count", Name,
            string.Create(CultureInfo.InvariantCulture, $"expected 1 target, found {targets.Count}"));
}
