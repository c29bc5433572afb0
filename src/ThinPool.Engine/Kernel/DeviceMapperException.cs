namespace ThinPool.Engine.Kernel;

/// <summary>A device-mapper ioctl on /dev/mapper/control failed.</summary>
public sealed class DeviceMapperException : KernelDeviceException
{
    /// <summary>
    /// Creates the exception for a failed <paramref name="command"/> on <paramref name="device"/>.
    /// </summary>
    /// <param name="command">The ioctl, e.g. <c>DM_DEV_REMOVE</c>.</param>
    /// <param name="device">The device name; null when the command has none.</param>
    /// <param name="errno">The errno the kernel returned (0 when the failure was not an errno).</param>
    /// <param name="detail">Extra text, e.g. the message sent to a target.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public DeviceMapperException(string command, string? device, int errno, string? detail = null,
        Exception? inner = null)
        : base(command, device, errno, detail, inner)
    {
    }
}
