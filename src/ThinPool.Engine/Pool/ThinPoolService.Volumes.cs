namespace ThinPool.Engine.Pool;

public sealed partial class ThinPoolService
{
    /// <summary>The volumes and snapshots of a pool, by name.</summary>
    /// <param name="pool">The pool name.</param>
    /// <returns>The volumes.</returns>
    public IReadOnlyList<ThinVolumeInfo> GetVolumes(string pool)
    {
        using PoolSession session = OpenSession(pool, writable: false);
        return session.Descriptor.Volumes
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .Select(v => DescribeVolume(session, v))
            .ToArray();
    }

    /// <summary>One volume of a pool.</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="name">The volume name.</param>
    /// <returns>The volume.</returns>
    public ThinVolumeInfo GetVolume(string pool, string name)
    {
        using PoolSession session = OpenSession(pool, writable: false);
        return DescribeVolume(session, RequireVolume(session, name));
    }

    /// <summary>Creates an empty thin volume of <paramref name="sizeBytes"/> virtual bytes.</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="name">The volume name.</param>
    /// <param name="sizeBytes">The virtual size; a positive multiple of 512.</param>
    /// <returns>The new volume.</returns>
    /// <exception cref="PoolOperationException">The name is taken or invalid, the size is
    /// invalid, or free space is below the pool's minimum.</exception>
    public ThinVolumeInfo CreateVolume(string pool, string name, long sizeBytes)
    {
        PoolRules.ValidateVolumeName(pool, name);
        ValidateVolumeSize(name, sizeBytes);
        using PoolSession session = OpenSession(pool, writable: true);
        CheckNewName(session, name);
        CheckMinFreeSpace(session, name);
        ulong id = NextDeviceId(session);
        var record = new VolumeRecord
        {
            Name = name, DeviceId = id, SizeBytes = sizeBytes, Created = DateTimeOffset.Now,
        };
        _sink.Change($"Creating thin volume '{name}' (device {id}, {sizeBytes} bytes) in pool "
            + $"'{pool}'.");
        session.ChangeNames(d => d.Volumes.Add(record), b => b.CreateThin(id));
        return DescribeVolume(session, record);
    }

    /// <summary>
    /// Creates a thin volume and makes a filesystem on it (ext4 or xfs), which needs the pool
    /// active in the kernel. The filesystem is recorded with the volume. mkfs is told not to
    /// discard (a new thin volume has nothing to discard) and, for ext4, to initialise its
    /// tables at once rather than in the background.
    /// </summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="name">The volume name.</param>
    /// <param name="sizeBytes">The virtual size; a positive multiple of 512.</param>
    /// <param name="fileSystem">ext4 or xfs; null for none.</param>
    /// <returns>The new volume.</returns>
    /// <exception cref="PoolOperationException">As for the other overload; also when the pool
    /// is not active or mkfs fails (the volume is then removed again).</exception>
    public ThinVolumeInfo CreateVolume(string pool, string name, long sizeBytes,
        string? fileSystem)
    {
        if (fileSystem is null)
        {
            return CreateVolume(pool, name, sizeBytes);
        }

        string kind = FileSystemMaker.Validate(fileSystem);
        RequireKernel(pool);
        PoolRules.ValidateVolumeName(pool, name);
        ValidateVolumeSize(name, sizeBytes);
        using PoolSession session = OpenSession(pool, writable: true);
        KernelBackend live = RequireActive(session);
        CheckNewName(session, name);
        CheckMinFreeSpace(session, name);
        ulong id = NextDeviceId(session);
        var record = new VolumeRecord
        {
            Name = name, DeviceId = id, SizeBytes = sizeBytes, Created = DateTimeOffset.Now,
            Filesystem = kind,
        };
        _sink.Change($"Creating thin volume '{name}' (device {id}, {sizeBytes} bytes) in pool "
            + $"'{pool}' with {kind}.");
        session.ChangeNames(d => d.Volumes.Add(record), b => b.CreateThin(id));
        bool wasActive = live.Pool.FindVolume(name) is not null;
        try
        {
            var volume = live.Pool.FindVolume(name)
                ?? live.Pool.ActivateVolume(name, id, (ulong)sizeBytes / 512);
            _sink.Change($"Making {kind} on '{volume.DevicePath}'.");
            FileSystemMaker.Make(kind, PoolBackends.ResolveDevice(volume.DevicePath), name);
        }
        catch (Exception e) when (e is PoolOperationException or ThinOperationException)
        {
            _ = live.Pool.DeactivateVolume(name);
            session.ChangeNames(d => d.Volumes.RemoveAll(v => v.Name == name),
                b => b.DeleteDevice(id));
            throw;
        }
        finally
        {
            if (!wasActive && live.Pool.FindVolume(name) is not null)
            {
                _ = live.Pool.DeactivateVolume(name);
            }
        }

        return DescribeVolume(session, record);
    }

    /// <summary>
    /// Snapshots <paramref name="origin"/>: the new volume shares every block with it until
    /// either is written.
    /// </summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="origin">The volume to snapshot.</param>
    /// <param name="name">The snapshot's name.</param>
    /// <param name="readOnly">Refuse writes to the snapshot.</param>
    /// <returns>The snapshot.</returns>
    public ThinVolumeInfo CreateSnapshot(string pool, string origin, string name, bool readOnly)
    {
        PoolRules.ValidateVolumeName(pool, name);
        using PoolSession session = OpenSession(pool, writable: true);
        VolumeRecord source = RequireVolume(session, origin);
        CheckNewName(session, name);
        CheckMinFreeSpace(session, name);
        ulong id = NextDeviceId(session);
        var record = new VolumeRecord
        {
            Name = name, DeviceId = id, SizeBytes = source.SizeBytes, Origin = origin,
            ReadOnly = readOnly, Filesystem = source.Filesystem, Created = DateTimeOffset.Now,
        };
        _sink.Change($"Creating snapshot '{name}' (device {id}) of '{origin}' (device "
            + $"{source.DeviceId}) in pool '{pool}'.");
        session.ChangeNames(d => d.Volumes.Add(record),
            b => b.CreateSnapshot(id, source.DeviceId));
        return DescribeVolume(session, record);
    }

    /// <summary>Deletes a volume and frees the blocks only it used. Its snapshots stay.</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="name">The volume name.</param>
    public void RemoveVolume(string pool, string name) => RemoveVolume(pool, name, false);

    /// <summary>
    /// Deletes a volume and frees the blocks only it used. On a live pool its device is removed
    /// first; a busy device is retried for a moment (about 2 s), then refused
    /// (<see cref="PoolErrorReason.DeviceBusy"/>) unless <paramref name="deferred"/> is set: then
    /// the device goes at its last close, the name goes now, and the thin device is deleted by
    /// the first change to the pool after that close.
    /// </summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="name">The volume name.</param>
    /// <param name="deferred">Defer removal of an open device instead of failing.</param>
    /// <returns>True when the thin device was deleted now; false when its deletion waits for
    /// the device's last close.</returns>
    public bool RemoveVolume(string pool, string name, bool deferred)
    {
        using PoolSession session = OpenSession(pool, writable: true);
        VolumeRecord record = RequireVolume(session, name);
        Kernel.DmRemoveOutcome? outcome = session.Backend is KernelBackend live
            ? DeactivateVolume(live, name, deferred) : null;
        if (outcome == Kernel.DmRemoveOutcome.Deferred)
        {
            _sink.Change($"Volume '{name}' is removed from pool '{pool}'; its thin device "
                + $"{record.DeviceId} is deleted once its device has closed.");
            session.ChangeNames(d =>
            {
                d.Volumes.RemoveAll(v => v.Name == name);
                d.PendingDeletes.Add(record.Clone());
            }, _ => { });
            return false;
        }

        _sink.Change($"Deleting volume '{name}' (device {record.DeviceId}) from pool '{pool}'.");
        // A volume that was active has its thin device in the metadata (the kernel loads no
        // table for a missing one); otherwise look, as a crash may have left a name behind.
        bool inMetadata = outcome == Kernel.DmRemoveOutcome.Removed
            || session.Backend.Devices.Any(d => d.DeviceId == record.DeviceId);
        session.ChangeNames(d => d.Volumes.RemoveAll(v => v.Name == name), b =>
        {
            if (inMetadata)
            {
                b.DeleteDevice(record.DeviceId);
            }
        });
        return true;
    }

    private static void ValidateVolumeSize(string name, long sizeBytes)
    {
        if (sizeBytes <= 0 || sizeBytes % 512 != 0)
        {
            throw new PoolOperationException(PoolErrorReason.InvalidSize, name,
                $"The size of volume '{name}' ({sizeBytes} bytes) must be a positive multiple "
                + "of 512 bytes, such as 1GB.");
        }
    }

    private static void CheckNewName(PoolSession session, string name)
    {
        if (session.Descriptor.PendingDeletes.Any(v => v.Name == name))
        {
            throw new PoolOperationException(PoolErrorReason.VolumeExists, name,
                $"A volume named '{name}' was removed with -Deferred and its device is still "
                + "open. Close it first, or choose another name.");
        }

        if (session.Descriptor.FindVolume(name) is not null)
        {
            throw new PoolOperationException(PoolErrorReason.VolumeExists, name,
                $"Pool '{session.Descriptor.Name}' already has a volume named '{name}'. Choose "
                + "another name or remove it with Remove-ThinVolume.");
        }
    }

    private static void CheckMinFreeSpace(PoolSession session, string name)
    {
        PoolUsage usage = session.Backend.ReadUsage();
        double min = session.Descriptor.MinFreeSpacePercent;
        double dataFree = 100 - Percent(usage.DataBlocksUsed, usage.DataBlocks);
        double metadataFree = 100 - Percent(usage.MetadataBlocksUsed, usage.MetadataBlocks);
        if (dataFree < min || metadataFree < min)
        {
            string which = dataFree < min ? $"data ({dataFree:0.##}% free)"
                : $"metadata ({metadataFree:0.##}% free)";
            throw new PoolOperationException(PoolErrorReason.MinFreeSpaceReached, name,
                $"Cannot create '{name}': free {which} in pool '{session.Descriptor.Name}' is "
                + $"below its minimum free space of {min}%. Grow the pool with Resize-ThinPool "
                + "or remove volumes first.");
        }
    }

    private static ulong NextDeviceId(PoolSession session)
    {
        var used = new HashSet<ulong>(session.Backend.Devices.Select(d => d.DeviceId));
        used.UnionWith(session.Descriptor.Volumes.Select(v => v.DeviceId));
        used.UnionWith(session.Descriptor.PendingDeletes.Select(v => v.DeviceId));
        ulong next = used.Count == 0 ? 1 : used.Max() + 1;
        if (next <= PoolRules.MaxDeviceId)
        {
            return next;
        }

        for (ulong id = 1; id <= PoolRules.MaxDeviceId; id++)
        {
            if (!used.Contains(id))
            {
                return id;
            }
        }

        throw new PoolOperationException(PoolErrorReason.DeviceIdsExhausted,
            session.Descriptor.Name, $"Pool '{session.Descriptor.Name}' has used every device "
            + "id. Remove volumes first.");
    }
}
