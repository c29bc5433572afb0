namespace ThinPool.Engine.Pool;

/// <summary>Whether a pool is running in the kernel.</summary>
public enum PoolState
{
    /// <summary>No kernel target is loaded; the files are reachable only through the module.</summary>
    Inactive,

    /// <summary>A thin-pool target is loaded in the kernel.</summary>
    Active,
}
