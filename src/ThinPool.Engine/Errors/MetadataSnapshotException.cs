namespace ThinPool.Engine;

/// <summary>A metadata snapshot could not be reserved (one exists) or released (none exists).</summary>
public class MetadataSnapshotException : ThinOperationException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the operation was refused and what to do instead.</param>
    public MetadataSnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Why the operation was refused.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public MetadataSnapshotException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
