namespace ThinPool.Engine.Pool;

/// <summary>
/// An existing LVM thin pool, named by its device (<c>/dev/mapper/VG-LV</c>, <c>/dev/VG/LV</c>)
/// or by its volume group and logical volume.
/// </summary>
/// <param name="DevicePath">The pool's device, or null to name it by volume group and
/// logical volume.</param>
/// <param name="VolumeGroup">The volume group, when <paramref name="DevicePath"/> is
/// null.</param>
/// <param name="LogicalVolume">The thin pool LV, when <paramref name="DevicePath"/> is
/// null.</param>
public sealed record LvmPoolReference(string? DevicePath, string? VolumeGroup,
    string? LogicalVolume);
