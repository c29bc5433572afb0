namespace ThinPool.Engine.Kernel;

/// <summary>What the kernel says about one mapped device after any device ioctl.</summary>
/// <param name="Name">The device name (under /dev/mapper).</param>
/// <param name="Uuid">The device uuid, empty when none was given.</param>
/// <param name="Device">The block device number.</param>
/// <param name="OpenCount">How many openers hold the device.</param>
/// <param name="EventNumber">The device's event counter (bumped by e.g. low water mark).</param>
/// <param name="TargetCount">The number of targets in the active table.</param>
/// <param name="IsSuspended">True while I/O to the device is suspended.</param>
/// <param name="IsReadOnly">True when the device is read-only.</param>
/// <param name="HasActiveTable">True when a live table is loaded.</param>
/// <param name="HasInactiveTable">True when a loaded table waits for the next resume.</param>
/// <param name="IsDeferredRemove">True when removal waits for the last close.</param>
public sealed record DmDeviceInfo(string Name, string Uuid, DeviceNumber Device, int OpenCount,
    uint EventNumber, uint TargetCount, bool IsSuspended, bool IsReadOnly, bool HasActiveTable,
    bool HasInactiveTable, bool IsDeferredRemove);
