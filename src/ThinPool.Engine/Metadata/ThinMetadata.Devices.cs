namespace ThinPool.Engine.Metadata;

/// <summary>Thin devices, snapshots, the transaction id and the held metadata snapshot.</summary>
public sealed partial class ThinMetadata
{
    /// <summary>Creates an empty thin device (spec 6.5).</summary>
    /// <param name="deviceId">The new device's id, 0 ..= 2^24-1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The id is too large.</exception>
    /// <exception cref="DeviceExistsException">The id is in use.</exception>
    /// <exception cref="OutOfMetadataSpaceException">The metadata device is nearly full.</exception>
    public void CreateThin(ulong deviceId)
    {
        ValidateNewDevice(deviceId);

        ulong root = _bottom.CreateEmpty();
        _super.DataMappingRoot = _topDevices.Insert64(_super.DataMappingRoot, deviceId, root, out _);
        _devices[deviceId] = new DeviceState(
            new ThinDeviceInfo(deviceId, 0, _super.TransactionId, _super.Time, _super.Time))
        {
            Changed = true,
        };
        _changed = true;
    }

    /// <summary>
    /// Creates a snapshot of an existing device (spec 6.5): the new device shares the origin's
    /// whole mapping tree (one reference count changes, whatever the origin's size), and the
    /// pool time advances so that later writes to either device break the sharing.
    /// </summary>
    /// <param name="deviceId">The new device's id, 0 ..= 2^24-1.</param>
    /// <param name="originId">The device to snapshot; it should be quiescent.</param>
    /// <exception cref="DeviceExistsException">The new id is in use.</exception>
    /// <exception cref="DeviceNotFoundException">The origin does not exist.</exception>
    /// <exception cref="ThinOperationException">The 24-bit snapshot time is exhausted.</exception>
    /// <exception cref="OutOfMetadataSpaceException">The metadata device is nearly full.</exception>
    public void CreateSnapshot(ulong deviceId, ulong originId)
    {
        ValidateNewDevice(deviceId);
        DeviceState origin = GetDeviceState(originId);
        if (_super.Time >= 0xFFFFFF)
        {
            throw new ThinOperationException(
                "The pool's 24-bit snapshot time is exhausted; no more snapshots can be taken.");
        }

        ulong originRoot = BottomRoot(originId);
        _tm.Inc(originRoot);
        _super.DataMappingRoot = _topDevices.Insert64(_super.DataMappingRoot, deviceId, originRoot, out _);
        _super.Time++;
        uint time = _super.Time;
        origin.Info = origin.Info with { SnapshottedTime = time };
        origin.Changed = true;
        _devices[deviceId] = new DeviceState(
            new ThinDeviceInfo(deviceId, origin.Info.MappedBlocks, _super.TransactionId, time, time))
        {
            Changed = true,
        };
        _changed = true;
    }

    /// <summary>Deletes a thin device: its details, its top-level entry and every node and
    /// data block only it referenced (shared ones just lose a reference).</summary>
    /// <param name="deviceId">The device to delete.</param>
    /// <exception cref="DeviceNotFoundException">The device does not exist.</exception>
    public void DeleteDevice(ulong deviceId)
    {
        EnsureWritable();
        GetDeviceState(deviceId);
        EnsureMetadataSpace();

        if (_details.TryFind(_super.DeviceDetailsRoot, deviceId, out _, out _))
        {
            _super.DeviceDetailsRoot = _details.Remove(_super.DeviceDetailsRoot, deviceId, out _);
        }

        _super.DataMappingRoot = _topDevices.Remove(_super.DataMappingRoot, deviceId, out _);
        _devices.Remove(deviceId);
        _changed = true;
    }

    /// <summary>Compare-and-swap of the userspace transaction id.</summary>
    /// <param name="current">The id the caller believes is current.</param>
    /// <param name="next">The new id.</param>
    /// <exception cref="TransactionMismatchException">The current id differs.</exception>
    public void SetTransactionId(ulong current, ulong next)
    {
        EnsureWritable();
        if (_super.TransactionId != current)
        {
            throw new TransactionMismatchException(
                $"The transaction id is {_super.TransactionId}, not {current}.");
        }

        _super.TransactionId = next;
        _changed = true;
    }

    /// <summary>
    /// Reserves a metadata snapshot (the kernel's reserve_metadata_snap): commits, copies the
    /// superblock to a new block that keeps the current trees alive, records it as the held
    /// root and commits again. Readers see it through <see cref="OpenMetadataSnapshot"/>.
    /// </summary>
    /// <exception cref="MetadataSnapshotException">A metadata snapshot is already held.</exception>
    public void ReserveMetadataSnapshot()
    {
        EnsureWritable();
        if (_super.HeldRoot != 0)
        {
            throw new MetadataSnapshotException(
                $"A metadata snapshot is already held at block {_super.HeldRoot}; release it first.");
        }

        EnsureMetadataSpace();
        Commit();

        _tm.Inc(0);
        (ulong held, byte[] copy) = _tm.Shadow(0, MetadataBlockKind.Superblock, null, out _);
        copy.AsSpan(64, 2 * SpaceMapRoot.Size).Clear();
        Superblock snapshot = Superblock.Read(copy);
        _tm.Inc(snapshot.DataMappingRoot);
        _tm.Inc(snapshot.DeviceDetailsRoot);
        _super.HeldRoot = held;
        _changed = true;
        Commit();
    }

    /// <summary>Releases the held metadata snapshot, dropping the references it kept, and
    /// commits.</summary>
    /// <exception cref="MetadataSnapshotException">No metadata snapshot is held.</exception>
    public void ReleaseMetadataSnapshot()
    {
        EnsureWritable();
        if (_super.HeldRoot == 0)
        {
            throw new MetadataSnapshotException("No metadata snapshot is held.");
        }

        ulong held = _super.HeldRoot;
        Superblock snapshot = Superblock.Read(_tm.Read(held, MetadataBlockKind.Superblock));
        _super.HeldRoot = 0;
        _bottom.DeleteTree(snapshot.DataMappingRoot, levels: 2);
        _details.DeleteTree(snapshot.DeviceDetailsRoot);
        _tm.Dec(held);
        _changed = true;
        Commit();
    }

    /// <summary>Sets the NEEDS_CHECK flag; it is written by the next <see cref="Commit"/>.</summary>
    public void SetNeedsCheck()
    {
        EnsureWritable();
        _super.Flags |= MetadataFormat.NeedsCheckFlag;
        _changed = true;
    }

    /// <summary>
    /// Creates a device with given details, or overwrites an existing device's transaction id
    /// and times (for importers such as XML restore). The mapped-block count is not taken from
    /// <paramref name="device"/>: it counts the mappings actually inserted.
    /// </summary>
    /// <param name="device">The details to restore.</param>
    /// <exception cref="ArgumentOutOfRangeException">The id is too large.</exception>
    public void RestoreDevice(ThinDeviceInfo device)
    {
        EnsureWritable();
        if (!_devices.TryGetValue(device.DeviceId, out DeviceState? state))
        {
            CreateThin(device.DeviceId);
            state = _devices[device.DeviceId];
        }

        state.Info = device with { MappedBlocks = state.Info.MappedBlocks };
        state.Changed = true;
        _changed = true;
    }

    /// <summary>Sets the pool's snapshot time (for importers). Mapping times must not exceed it.</summary>
    /// <param name="time">The new time, below 2^24.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time does not fit in 24 bits.</exception>
    public void SetTime(uint time)
    {
        EnsureWritable();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(time, 0xFFFFFFu);
        _super.Time = time;
        _changed = true;
    }

    /// <summary>Details of one device.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>Its details, including uncommitted changes.</returns>
    /// <exception cref="DeviceNotFoundException">The device does not exist.</exception>
    public ThinDeviceInfo GetDevice(ulong deviceId) => GetDeviceState(deviceId).Info;

    private DeviceState GetDeviceState(ulong deviceId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_devices.TryGetValue(deviceId, out DeviceState? state))
        {
            throw new DeviceNotFoundException(deviceId);
        }

        return state;
    }

    private void ValidateNewDevice(ulong deviceId)
    {
        EnsureWritable();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(deviceId, MetadataFormat.MaxDeviceId);
        if (_devices.ContainsKey(deviceId))
        {
            throw new DeviceExistsException(deviceId);
        }

        EnsureMetadataSpace();
    }

    private ulong BottomRoot(ulong deviceId)
    {
        if (!_topPointers.TryLookup64(_super.DataMappingRoot, deviceId, out ulong root))
        {
            throw new MetadataCorruptException(
                _super.DataMappingRoot, $"device {deviceId} has details but no mapping tree");
        }

        return root;
    }
}
