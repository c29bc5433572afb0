namespace ThinPool.Engine;

/// <summary>Every metadata block of the pool is in use; grow the metadata device first.</summary>
public class OutOfMetadataSpaceException : ThinOperationException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the operation was refused and what to do instead.</param>
    public OutOfMetadataSpaceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Why the operation was refused.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public OutOfMetadataSpaceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
