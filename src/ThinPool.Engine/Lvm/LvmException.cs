namespace ThinPool.Engine.Lvm;

/// <summary>
/// Base of the errors the LVM layer raises. The pool's state after one is named by the
/// subclass: <see cref="LvmCommandException"/> means an lvm2 tool failed (what it had already
/// done is described by the caller, who rolls back); <see cref="LvmRefusedException"/> means
/// nothing was changed.
/// </summary>
public class LvmException : Exception
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
