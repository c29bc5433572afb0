namespace ThinPool.Engine.Lvm;

/// <summary>
/// The LVM layer refused an operation before changing anything (a device with a signature,
/// a pool already in use, a name that exists). The system is as it was.
/// </summary>
public sealed class LvmRefusedException : LvmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the operation was refused.</param>
    /// <param name="target">The device, volume group or pool the refusal is about.</param>
    /// <param name="message">What was found and what the user can do.</param>
    public LvmRefusedException(LvmRefusalReason reason, string target, string message)
        : base(message)
    {
        Reason = reason;
        Target = target;
    }

    /// <summary>Why the operation was refused.</summary>
    public LvmRefusalReason Reason { get; }

    /// <summary>The device, volume group or pool the refusal is about.</summary>
    public string Target { get; }
}
