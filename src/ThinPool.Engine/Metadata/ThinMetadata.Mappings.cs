namespace ThinPool.Engine.Metadata;

/// <summary>Block mappings of thin devices: lookup, provisioning, sharing breaks, discard.</summary>
public sealed partial class ThinMetadata
{
    /// <summary>Looks up where a virtual block of a device lives.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="virtualBlock">The block within the device (data-block units).</param>
    /// <param name="mapping">The mapping when found.</param>
    /// <returns>True when the block is provisioned.</returns>
    /// <exception cref="DeviceNotFoundException">The device does not exist.</exception>
    public bool TryLookup(ulong deviceId, ulong virtualBlock, out BlockMapping mapping)
    {
        GetDeviceState(deviceId);
        if (_bottom.TryFind(BottomRoot(deviceId), virtualBlock, out Node leaf, out int index))
        {
            ulong value = leaf.Value64(index);
            mapping = new BlockMapping(virtualBlock, BlockTimeValueType.DataBlockOf(value),
                                       BlockTimeValueType.TimeOf(value));
            return true;
        }

        mapping = default;
        return false;
    }

    /// <summary>
    /// Prepares a write of one virtual block (spec 6.4). An unprovisioned block gets a new data
    /// block; a provisioned block that may be shared (its mapping is older than the device's
    /// latest snapshot, or its data block is referenced more than once) gets a new data block
    /// and the caller copies the old one (<see cref="BlockAllocation.CopyFrom"/>); otherwise
    /// the block is written in place.
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="virtualBlock">The block within the device.</param>
    /// <returns>Where to write.</returns>
    /// <exception cref="DeviceNotFoundException">The device does not exist.</exception>
    /// <exception cref="OutOfDataSpaceException">No data block is free; nothing changed.</exception>
    /// <exception cref="OutOfMetadataSpaceException">The metadata device is nearly full.</exception>
    public BlockAllocation Map(ulong deviceId, ulong virtualBlock)
    {
        EnsureWritable();
        DeviceState device = GetDeviceState(deviceId);
        ulong root = BottomRoot(deviceId);
        ulong? shared = null;
        if (_bottom.TryFind(root, virtualBlock, out Node leaf, out int index))
        {
            ulong value = leaf.Value64(index);
            ulong dataBlock = BlockTimeValueType.DataBlockOf(value);
            bool possiblyShared = device.Info.SnapshottedTime > BlockTimeValueType.TimeOf(value)
                                  || _dataMap.CountIsMoreThanOne(dataBlock);
            if (!possiblyShared)
            {
                return new BlockAllocation(dataBlock, null, false);
            }

            shared = dataBlock;
        }

        EnsureMetadataSpace();
        ulong fresh = _dataMap.NewBlock();
        bool inserted = SetMapping(deviceId, virtualBlock, fresh, _super.Time);
        if (inserted)
        {
            device.Info = device.Info with { MappedBlocks = device.Info.MappedBlocks + 1 };
            device.Changed = true;
        }

        _changed = true;
        return new BlockAllocation(fresh, shared, true);
    }

    /// <summary>Discards one virtual block: removes its mapping and drops the data block's
    /// reference.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="virtualBlock">The block within the device.</param>
    /// <returns>True when the block was provisioned.</returns>
    /// <exception cref="DeviceNotFoundException">The device does not exist.</exception>
    public bool Unmap(ulong deviceId, ulong virtualBlock)
    {
        EnsureWritable();
        DeviceState device = GetDeviceState(deviceId);
        if (!_bottom.TryFind(BottomRoot(deviceId), virtualBlock, out _, out _))
        {
            return false;
        }

        EnsureMetadataSpace();
        _super.DataMappingRoot = _topPointers.ShadowPathTo(_super.DataMappingRoot, deviceId,
                                                           out Node top, out int slot);
        ulong bottomRoot = _bottom.Remove(top.Value64(slot), virtualBlock, out _);
        top.SetValue64(slot, bottomRoot);
        device.Info = device.Info with { MappedBlocks = device.Info.MappedBlocks - 1 };
        device.Changed = true;
        _changed = true;
        return true;
    }

    /// <summary>Every mapping of a device in ascending virtual block order. Enumerate before
    /// changing the metadata again.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>The mappings.</returns>
    /// <exception cref="DeviceNotFoundException">The device does not exist.</exception>
    public IEnumerable<BlockMapping> GetMappings(ulong deviceId)
    {
        GetDeviceState(deviceId);
        ulong root = BottomRoot(deviceId);
        return Enumerate(root);

        IEnumerable<BlockMapping> Enumerate(ulong bottomRoot)
        {
            foreach ((ulong key, Node leaf, int index) in _bottom.Walk(bottomRoot))
            {
                ulong value = leaf.Value64(index);
                yield return new BlockMapping(key, BlockTimeValueType.DataBlockOf(value),
                                              BlockTimeValueType.TimeOf(value));
            }
        }
    }

    /// <summary>
    /// Inserts a given mapping and adds one reference to its data block (for importers such as
    /// XML restore); replacing an existing mapping drops the old data block's reference. Fast
    /// for ascending input.
    /// </summary>
    /// <param name="deviceId">The device (create it first, e.g. with
    /// <see cref="RestoreDevice"/>).</param>
    /// <param name="virtualBlock">The block within the device.</param>
    /// <param name="dataBlock">The data block, below <see cref="DataBlockCount"/>.</param>
    /// <param name="time">The mapping time (24 bits).</param>
    /// <exception cref="DeviceNotFoundException">The device does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The data block or time is out of range.</exception>
    public void InsertMapping(ulong deviceId, ulong virtualBlock, ulong dataBlock, uint time)
    {
        EnsureWritable();
        DeviceState device = GetDeviceState(deviceId);
        if (dataBlock >= _dataMap.BlockCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(dataBlock), dataBlock, $"The pool has {_dataMap.BlockCount} data blocks.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(time, 0xFFFFFFu);
        EnsureMetadataSpace();

        bool existed = _bottom.TryFind(BottomRoot(deviceId), virtualBlock, out Node leaf, out int index);
        ulong oldBlock = existed ? BlockTimeValueType.DataBlockOf(leaf.Value64(index)) : ulong.MaxValue;
        SetMapping(deviceId, virtualBlock, dataBlock, time);
        if (oldBlock != dataBlock)
        {
            _dataMap.Inc(dataBlock);
        }

        if (!existed)
        {
            device.Info = device.Info with { MappedBlocks = device.Info.MappedBlocks + 1 };
            device.Changed = true;
        }

        _changed = true;
    }

    /// <summary>Stores virtual -> (data, time) in the device's bottom tree, shadowing the path
    /// through the top-level tree first. Returns true when the key was new.</summary>
    private bool SetMapping(ulong deviceId, ulong virtualBlock, ulong dataBlock, uint time)
    {
        _super.DataMappingRoot = _topPointers.ShadowPathTo(_super.DataMappingRoot, deviceId,
                                                           out Node top, out int slot);
        ulong value = BlockTimeValueType.Pack(dataBlock, time);
        ulong bottomRoot = _bottom.Insert64(top.Value64(slot), virtualBlock, value, out bool inserted);
        top.SetValue64(slot, bottomRoot);
        return inserted;
    }
}
