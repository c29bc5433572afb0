namespace ThinPool.Engine.Pool;

/// <summary>
/// Picks the backend for a pool's mode. Only <see cref="PoolMode.Offline"/> is available so
/// far; the kernel modes plug in here.
/// </summary>
internal static class PoolBackends
{
    public static bool IsAvailable(PoolMode mode) => mode == PoolMode.Offline;

    public static IPoolBackend Open(string directory, PoolDescriptor descriptor, bool writable)
    {
        string data = Path.Combine(directory, descriptor.DataFile);
        string metadata = Path.Combine(directory, descriptor.MetadataFile);
        return descriptor.Mode switch
        {
            PoolMode.Offline => OfflineBackend.Open(data, metadata, readOnly: !writable),
            _ => throw Unavailable(descriptor.Name, descriptor.Mode),
        };
    }

    public static IPoolBackend Create(PoolDescriptor descriptor, string directory,
        long dataBytes, long metadataBytes, bool overwrite)
    {
        string data = Path.Combine(directory, descriptor.DataFile);
        string metadata = Path.Combine(directory, descriptor.MetadataFile);
        return descriptor.Mode switch
        {
            PoolMode.Offline => OfflineBackend.Create(data, metadata, descriptor.BlockBytes,
                dataBytes, metadataBytes, overwrite),
            _ => throw Unavailable(descriptor.Name, descriptor.Mode),
        };
    }

    public static PoolOperationException Unavailable(string pool, PoolMode mode) =>
        new(PoolErrorReason.BackendUnavailable, pool,
            $"Pool '{pool}' needs the {mode} backend, which is not available in this build. "
            + "Create the pool with -Offline to work on its files without the kernel.");
}
