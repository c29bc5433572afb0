namespace ThinPool.Engine.Kernel;

/// <summary>A loop device call (loop-control or loop ioctl) failed.</summary>
public sealed class LoopDeviceException : KernelDeviceException
{
    /// <summary>
    /// Creates the exception for a failed <paramref name="command"/> on <paramref name="device"/>.
    /// </summary>
    /// <param name="command">The ioctl or call, e.g. <c>LOOP_CONFIGURE</c>.</param>
    /// <param name="device">The loop device or backing file path.</param>
    /// <param name="errno">The errno the kernel returned (0 when the failure was not an errno).</param>
    /// <param name="detail">Extra text.</param>
    public LoopDeviceException(string command, string? device, int errno, string? detail = null)
        : base(command, device, errno, detail)
    {
    }
}
