namespace ThinPool.Engine;

/// <summary>
/// An operation was refused; the pool and its metadata are intact and nothing was changed by
/// the refused operation.
/// </summary>
public class ThinOperationException : ThinPoolException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the operation was refused and what to do instead.</param>
    public ThinOperationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Why the operation was refused.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ThinOperationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
