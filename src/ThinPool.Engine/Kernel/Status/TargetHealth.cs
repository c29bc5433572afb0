namespace ThinPool.Engine.Kernel.Status;

/// <summary>
/// Whether a target could report its state. <c>Fail</c> is a state, not an error.
/// </summary>
public enum TargetHealth
{
    /// <summary>The target reported its counters.</summary>
    Healthy,

    /// <summary>
    /// The target said <c>Fail</c>: the pool failed (metadata I/O error, corruption).
    /// </summary>
    Failed,

    /// <summary>The target said <c>Error</c>: it could not read its own state.</summary>
    Error,

    /// <summary>A thin target said <c>-</c>: its device is not open in the pool.</summary>
    Inactive,
}
