namespace ThinPool.Engine;

/// <summary>A compare-and-swap of the transaction id found a different current value.</summary>
public class TransactionMismatchException : ThinOperationException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the operation was refused and what to do instead.</param>
    public TransactionMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Why the operation was refused.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public TransactionMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
