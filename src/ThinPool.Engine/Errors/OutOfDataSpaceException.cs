namespace ThinPool.Engine;

/// <summary>Every data block of the pool is in use; grow the data device or free blocks first.</summary>
public class OutOfDataSpaceException : ThinOperationException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the operation was refused and what to do instead.</param>
    public OutOfDataSpaceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Why the operation was refused.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public OutOfDataSpaceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
