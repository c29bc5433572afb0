namespace ThinPool.Engine.Lvm;

/// <summary>
/// Base of the errors the LVM layer raises; an operation that failed or was refused, with the
/// system as it was: <see cref="LvmRefusedException"/> means nothing ran;
/// <see cref="LvmCommandException"/> means an lvm2 tool failed and the caller undid what it
/// had done (a failed undo is reported as a warning).
/// </summary>
public class LvmException : ThinOperationException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed and what to do.</param>
    public LvmException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="inner">The underlying error, kept for diagnosis.</param>
    public LvmException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
