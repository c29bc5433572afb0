using ThinPool.Engine.Kernel.Interop;

namespace ThinPool.Engine.Kernel;

/// <summary>
/// A kernel device call (device-mapper or loop ioctl, mknod) failed. The message names the
/// command, the device and the errno, so a log line alone says what was asked of which device
/// and why the kernel refused. The kernel refuses before changing anything, so the pool is
/// as it was (a <see cref="ThinOperationException"/>).
/// </summary>
public class KernelDeviceException : ThinOperationException
{
    /// <summary>
    /// Creates the exception for a failed <paramref name="command"/> on <paramref name="device"/>.
    /// </summary>
    /// <param name="command">The ioctl or operation, e.g. <c>DM_DEV_REMOVE</c>.</param>
    /// <param name="device">The device name or path; null when the command has none.</param>
    /// <param name="errno">The errno the kernel returned (0 when the failure was not an errno).</param>
    /// <param name="detail">Extra text, e.g. the message sent to a target.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public KernelDeviceException(string command, string? device, int errno, string? detail = null,
        Exception? inner = null)
        : base(Describe(command, device, errno, detail), inner)
    {
        Command = command;
        Device = device;
        Errno = errno;
    }

    /// <summary>The ioctl or operation that failed, e.g. <c>DM_TABLE_LOAD</c>.</summary>
    public string Command { get; }

    /// <summary>The device name or path the command was for; null when there was none.</summary>
    public string? Device { get; }

    /// <summary>The errno value the kernel returned; 0 when the failure was not an errno.</summary>
    public int Errno { get; }

    /// <summary>The symbolic errno name, e.g. <c>EBUSY</c>.</summary>
    public string ErrnoName => Sys.ErrnoName(Errno);

    /// <summary>True when the kernel said the device is busy (open or in use).</summary>
    public bool IsBusy => Errno == 16;

    /// <summary>True when the kernel said no such device exists.</summary>
    public bool IsNoSuchDevice => Errno is 6 or 2 or 19;

    private static string Describe(string command, string? device, int errno, string? detail)
    {
        string target = device is null ? string.Empty : $" on '{device}'";
        string why = errno == 0 ? string.Empty : $": {Sys.ErrnoName(errno)} ({Sys.ErrnoText(errno)})";
        string extra = string.IsNullOrEmpty(detail) ? string.Empty : $" [{detail}]";
        return $"{command}{target} failed{why}{extra}";
    }
}
