using ThinPool.Engine.Kernel;

namespace ThinPool.Engine.Pool;

// Activation and deactivation of pools and volumes in the kernel (loop and direct modes).
public sealed partial class ThinPoolService
{
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Activates a pool in the kernel: loop mode attaches its files to loop devices, direct
    /// mode uses its block devices. An offline pool becomes a loop pool. Activating an active
    /// pool changes nothing.
    /// </summary>
    /// <param name="name">The pool name.</param>
    /// <returns>The active pool.</returns>
    /// <exception cref="PoolOperationException">No root or no device-mapper
    /// (<see cref="PoolErrorReason.KernelUnavailable"/>).</exception>
    public ThinPoolInfo MountPool(string name)
    {
        RequireKernel(name);
        string directory = ResolveDirectory(name);
        PoolDescriptor recorded = PoolDescriptorStore.Read(directory);
        if (recorded.Mode == PoolMode.Lvm)
        {
            MountLvmPool(name, directory, recorded);
            return GetPool(name);
        }

        using PoolSession session = OpenSession(name, writable: true);
        if (session.Backend is KernelBackend)
        {
            _sink.Query($"Pool '{name}' is already active.");
            return Describe(session);
        }

        if (session.Descriptor.Mode == PoolMode.Offline)
        {
            session.Descriptor.Mode = PoolMode.Loop;
            PoolDescriptorStore.WriteCommitted(session.Directory, session.Descriptor);
            _sink.Change($"Pool '{name}' now runs in loop mode.");
        }

        // The user-space backend is closed before the kernel opens the same files.
        _sink.Change($"Activating pool '{name}' ({session.Descriptor.Mode} mode).");
        session.SwapBackend(() => PoolBackends.Activate(session.Directory, session.Descriptor));
        return Describe(session);
    }

    /// <summary>
    /// Deactivates a pool: its active volumes, then the pool device; loop devices go with it.
    /// An inactive pool is left as it is.
    /// </summary>
    /// <param name="name">The pool name.</param>
    /// <returns>The pool, now inactive.</returns>
    /// <exception cref="PoolOperationException">A volume is still open
    /// (<see cref="PoolErrorReason.DeviceBusy"/>).</exception>
    public ThinPoolInfo DismountPool(string name)
    {
        using (PoolSession session = OpenSession(name, writable: true))
        {
            if (session.Backend is KernelBackend live)
            {
                DeletePending(session);
                Deactivate(live, session.Descriptor);
            }
            else
            {
                _sink.Query($"Pool '{name}' is not active.");
            }
        }

        return GetPool(name);
    }

    /// <summary>
    /// Activates a volume as <c>/dev/mapper/POOL-VOLUME</c>. A read-only snapshot is
    /// activated read-only. Activating an active volume changes nothing.
    /// </summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="name">The volume name.</param>
    /// <param name="readOnly">Activate read-only.</param>
    /// <returns>The volume, with its device path.</returns>
    public ThinVolumeInfo MountVolume(string pool, string name, bool readOnly)
    {
        RequireKernel(pool);
        using PoolSession session = OpenSession(pool, writable: true);
        KernelBackend live = RequireActive(session);
        VolumeRecord record = RequireVolume(session, name);
        if (live.Pool.FindVolume(name) is null)
        {
            _sink.Change($"Activating volume '{name}' as "
                + $"'{live.Pool.VolumeDeviceName(name)}'.");
            _ = live.Pool.ActivateVolume(name, record.DeviceId, (ulong)record.SizeBytes / 512,
                readOnly || record.ReadOnly);
        }
        else
        {
            // Active already; a run killed after the resume may not have made its node yet.
            live.Control.Nodes.OnResumed(live.Control.GetInfo(live.Pool.VolumeDeviceName(name)));
        }

        return DescribeVolume(session, record);
    }

    /// <summary>
    /// Removes a volume's device. A device still open is retried for a moment; with
    /// <paramref name="deferred"/> it goes at its last close instead of failing.
    /// </summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="name">The volume name.</param>
    /// <param name="deferred">Remove at last close when open.</param>
    /// <returns>What happened to the device.</returns>
    public DmRemoveOutcome DismountVolume(string pool, string name, bool deferred)
    {
        using PoolSession session = OpenSession(pool, writable: true);
        _ = RequireVolume(session, name);
        if (session.Backend is not KernelBackend live)
        {
            return DmRemoveOutcome.NotFound;
        }

        return DeactivateVolume(live, name, deferred);
    }

    private DmRemoveOutcome DeactivateVolume(KernelBackend live, string name, bool deferred)
    {
        try
        {
            DmRemoveOutcome outcome = live.Pool.DeactivateVolume(name, deferred);
            _sink.Change(outcome switch
            {
                DmRemoveOutcome.Deferred => $"Volume device '{live.Pool.VolumeDeviceName(name)}' "
                    + "is open; it goes at its last close.",
                DmRemoveOutcome.Removed =>
                    $"Removed volume device '{live.Pool.VolumeDeviceName(name)}'.",
                _ => $"Volume '{name}' was not active.",
            });
            return outcome;
        }
        catch (DeviceMapperException e) when (e.IsBusy)
        {
            throw new PoolOperationException(PoolErrorReason.DeviceBusy, name,
                $"The device of volume '{name}' ({live.Pool.VolumeDeviceName(name)}) is still "
                + "open (mounted, or held by a process). Unmount or close it, or use -Deferred "
                + "to remove it at its last close.", e);
        }
    }

    private void Deactivate(KernelBackend live, PoolDescriptor descriptor)
    {
        // Look at every volume before touching any, so that one that is open (mounted, held
        // by a process) stops the whole deactivation with the others still active.
        var active = new List<string>();
        foreach (VolumeRecord volume in descriptor.Volumes.Concat(descriptor.PendingDeletes))
        {
            if (live.Pool.FindVolume(volume.Name) is not { } device)
            {
                continue;
            }

            if (device.GetInfo().OpenCount > 0)
            {
                throw new PoolOperationException(PoolErrorReason.DeviceBusy, volume.Name,
                    $"Pool '{descriptor.Name}' stays active: the device of its volume "
                    + $"'{volume.Name}' ({device.DevicePath}) is open (mounted, or held by a "
                    + "process). Unmount or close it, then try again.");
            }

            active.Add(volume.Name);
        }

        foreach (string name in active)
        {
            _ = DeactivateVolume(live, name, deferred: false);
        }

        _sink.Change($"Deactivating pool '{descriptor.Name}'.");
        try
        {
            if (descriptor.Mode == PoolMode.Lvm)
            {
                // lvm owns the pool device and its sub-LVs: only lvm may take them down.
                LvmRunner().RunLvm("lvchange", "-an", LvmOf(descriptor).FullName);
                return;
            }

            _ = live.Pool.Deactivate();
        }
        catch (DeviceMapperException e) when (e.IsBusy)
        {
            throw new PoolOperationException(PoolErrorReason.DeviceBusy, descriptor.Name,
                $"Pool '{descriptor.Name}' is still open: a device outside this pool's volume "
                + "list uses it. Close it and try again.", e);
        }
    }

    private void DeactivateForRemoval(string directory, PoolDescriptor descriptor)
    {
        if (descriptor.Mode != PoolMode.Offline
            && PoolBackends.TryOpenActive(directory, descriptor) is { } live)
        {
            using (live)
            {
                Deactivate(live, descriptor);
            }
        }
    }

    /// <summary>
    /// Deletes the thin devices of volumes removed with -Deferred once their devices have
    /// gone. Runs at the start of every change to a live pool; cheap when nothing waits.
    /// </summary>
    private void DeletePending(PoolSession session)
    {
        if (session.Backend is not KernelBackend live || session.Descriptor.PendingDeletes.Count == 0)
        {
            return;
        }

        var ready = session.Descriptor.PendingDeletes.Where(v => IsGone(live, v.Name)).ToList();
        if (ready.Count == 0)
        {
            return;
        }

        _sink.Change($"Deleting {ready.Count} thin device(s) whose deferred removal completed.");
        session.ChangeNames(d => d.PendingDeletes.RemoveAll(p => ready.Any(r =>
            r.DeviceId == p.DeviceId)), b =>
        {
            foreach (VolumeRecord v in ready)
            {
                b.DeleteDevice(v.DeviceId);
            }
        });
    }

    /// <summary>
    /// Whether a deferred-removed volume device has gone. The kernel removes it from a work
    /// queue after the last close, so a device already closed (open count 0) is given a
    /// moment to go.
    /// </summary>
    private static bool IsGone(KernelBackend live, string volume)
    {
        string name = live.Pool.VolumeDeviceName(volume);
        for (int attempt = 0; attempt < 50; attempt++)
        {
            DmDeviceInfo? info = live.Control.TryGetInfo(name);
            if (info is null)
            {
                return true;
            }

            if (info.OpenCount > 0)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return false;
    }

    private static void RequireKernel(string target)
    {
        if (!PoolBackends.Kernel.IsSupported)
        {
            throw PoolBackends.KernelMissing(target);
        }
    }

    private static KernelBackend RequireActive(PoolSession session) =>
        session.Backend as KernelBackend ?? throw new PoolOperationException(
            PoolErrorReason.PoolNotActive, session.Descriptor.Name,
            $"Pool '{session.Descriptor.Name}' is not active in the kernel. Activate it with "
            + "Mount-ThinPool first.");
}
