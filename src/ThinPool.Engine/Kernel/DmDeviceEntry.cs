namespace ThinPool.Engine.Kernel;

/// <summary>One mapped device in a device list.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Device">The block device number.</param>
public sealed record DmDeviceEntry(string Name, DeviceNumber Device);
