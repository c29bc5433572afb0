namespace ThinPool.Engine.Pool;

/// <summary>
/// The pool layer refused a request before changing anything: a name is taken or unknown, an
/// argument is out of range, the pool is locked, or a rule such as the minimum free space
/// would be broken. <see cref="Reason"/> says which, for callers that map it to their own
/// error codes.
/// </summary>
public class PoolOperationException : ThinOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the request was refused.</param>
    /// <param name="target">The pool, volume or file the request was about.</param>
    /// <param name="message">What went wrong and what to do instead.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PoolOperationException(PoolErrorReason reason, string target, string message,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        Target = target;
    }

    /// <summary>Why the request was refused.</summary>
    public PoolErrorReason Reason { get; }

    /// <summary>The pool, volume or file the request was about.</summary>
    public string Target { get; }
}
