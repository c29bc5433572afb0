namespace ThinPool.Engine.Pool;

/// <summary>A summary of a pool's condition, worst finding first.</summary>
public enum PoolHealth
{
    /// <summary>Nothing needs attention.</summary>
    Healthy,

    /// <summary>Usage crossed the warning threshold, the minimum free space or the low water
    /// mark; the pool works but should be grown or cleaned soon.</summary>
    Warning,

    /// <summary>The pool needs a check, or data or metadata space is exhausted.</summary>
    Unhealthy,
}
