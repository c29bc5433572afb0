namespace ThinPool.Engine.Tests.Reliability;

/// <summary>
/// Thrown by a <see cref="FaultInjectingBlockDevice"/> at the simulated power cut and on every
/// I/O after it. Deliberately not an <see cref="IOException"/> or a ThinPoolException, so no
/// handler in the engine can mistake it for a device error it knows how to survive.
/// </summary>
public sealed class PowerLossException : Exception
{
    public PowerLossException(long write)
        : base($"Simulated power loss at write {write}.")
    {
        Write = write;
    }

    /// <summary>The 1-based write (across every device on the same power rail) that was cut.</summary>
    public long Write { get; }
}
