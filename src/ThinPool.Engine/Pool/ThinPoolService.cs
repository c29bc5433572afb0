using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Pool;

/// <summary>
/// Everything an operator does with pools and volumes, in plain C#: the cmdlets are a thin
/// layer over this class. Each call opens the pool, takes its lock (shared for queries,
/// exclusive for changes), does one thing and releases it. A refused call throws
/// <see cref="PoolOperationException"/> (or another <see cref="ThinOperationException"/>)
/// before anything on disk has changed.
/// </summary>
public sealed partial class ThinPoolService
{
    private readonly IPoolSink _sink;

    /// <summary>Creates the service over a registry, reporting to <paramref name="sink"/>.</summary>
    /// <param name="registry">Where pools are recorded.</param>
    /// <param name="sink">Where changes, details and progress go; null drops them.</param>
    public ThinPoolService(PoolRegistry registry, IPoolSink? sink = null)
    {
        Registry = registry;
        _sink = sink ?? NullPoolSink.Instance;
    }

    /// <summary>Where pools are recorded.</summary>
    public PoolRegistry Registry { get; }

    private string ResolveDirectory(string name)
    {
        string? directory = Registry.Find(name);
        if (directory is null)
        {
            throw new PoolOperationException(PoolErrorReason.PoolNotFound, name,
                $"No thin pool named '{name}' is known in '{Registry.Directory}'. List pools "
                + "with Get-ThinPool, or adopt a pool directory with Get-ThinPool -Path.");
        }

        if (!PoolDescriptorStore.Exists(directory))
        {
            throw new PoolOperationException(PoolErrorReason.PoolNotFound, name,
                $"Thin pool '{name}' is registered at '{directory}', but that directory no "
                + "longer holds a pool. Remove the record with Remove-ThinPool, or restore the "
                + "directory.");
        }

        return directory;
    }

    private PoolSession OpenSession(string name, bool writable)
    {
        string directory = ResolveDirectory(name);
        _sink.Query($"Opening pool '{name}' in '{directory}' ({(writable ? "exclusive" : "shared")}).");
        PoolSession session = PoolSession.Open(directory, name, writable, _sink);
        if (writable)
        {
            try
            {
                DeletePending(session);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        return session;
    }

    private ThinPoolInfo Describe(PoolSession session)
    {
        PoolUsage usage = session.Backend.ReadUsage();
        return new ThinPoolInfo(session.Descriptor, session.Directory,
            (long)usage.DataBlocks * usage.BlockBytes,
            (long)usage.MetadataBlocks * PoolRules.MetadataBlockBytes, session.Backend.State);
    }

    private static ThinVolumeInfo DescribeVolume(PoolSession session, VolumeRecord record)
    {
        Kernel.KernelThinVolume? active = session.Backend is KernelBackend live
            ? live.Pool.FindVolume(record.Name) : null;

        // An active volume's own status counts its mappings, including those the kernel has
        // not committed yet, and costs one ioctl instead of a read of the metadata.
        Kernel.Status.ThinTargetStatus? status = active?.GetStatus();
        ulong mapped = status is { Health: Kernel.Status.TargetHealth.Healthy }
            ? status.MappedBytes / (ulong)session.Descriptor.BlockBytes
            : session.Backend.Devices.Where(d => d.DeviceId == record.DeviceId)
                .Select(d => d.MappedBlocks).FirstOrDefault();
        string poolDevice = session.Backend is KernelBackend kernel ? kernel.Pool.Name
            : session.Descriptor.DeviceMapperName;
        return new ThinVolumeInfo(session.Descriptor.Name, record, mapped,
            session.Descriptor.BlockBytes, active?.DevicePath, poolDevice);
    }

    private static VolumeRecord RequireVolume(PoolSession session, string name)
    {
        return session.Descriptor.FindVolume(name)
            ?? throw new PoolOperationException(PoolErrorReason.VolumeNotFound, name,
                $"Pool '{session.Descriptor.Name}' has no volume named '{name}'. List its "
                + "volumes with Get-ThinVolume.");
    }
}
