namespace ThinPool.Engine.Lvm;

/// <summary>Why the LVM layer refused an operation without changing anything.</summary>
public enum LvmRefusalReason
{
    /// <summary>The device holds a filesystem, partition table or other signature.</summary>
    DeviceHasSignature,

    /// <summary>The thin pool has a non-zero transaction id or data in use.</summary>
    PoolInUse,

    /// <summary>No thin pool matches the device or volume group and logical volume named.</summary>
    PoolNotFound,

    /// <summary>The volume group or logical volume to be created already exists.</summary>
    AlreadyExists,

    /// <summary>The device is already an LVM physical volume.</summary>
    DeviceIsPhysicalVolume,

    /// <summary>The volume group has no free extents to grow into.</summary>
    NoFreeSpace,

    /// <summary>The device named does not exist.</summary>
    DeviceNotFound,
}
