namespace ThinPool.Engine;

/// <summary>
/// Base of every exception the engine throws on purpose. Catch this to handle all engine
/// failures; catch a subclass to tell "the pool is unusable" (<see cref="MetadataCorruptException"/>)
/// from "this operation was refused and nothing changed" (<see cref="ThinOperationException"/>).
/// </summary>
public class ThinPoolException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong, in words a user can act on.</param>
    public ThinPoolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong, in words a user can act on.</param>
    /// <param name="innerException">The underlying failure, always kept.</param>
    public ThinPoolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
