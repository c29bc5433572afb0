using ThinPool.Engine.Kernel.Status;

namespace ThinPool.Engine.Kernel;

/// <summary>An active thin volume or snapshot: a <c>thin</c> device over a pool.</summary>
public sealed class KernelThinVolume
{
    private readonly DmControl _dm;

    internal KernelThinVolume(DmControl dm, string name, ulong deviceId)
    {
        _dm = dm;
        Name = name;
        DeviceId = deviceId;
    }

    /// <summary>The device-mapper name, <c>POOL-VOLUME</c>.</summary>
    public string Name { get; }

    /// <summary>The thin device id in the pool.</summary>
    public ulong DeviceId { get; }

    /// <summary>The node, /dev/mapper/POOL-VOLUME.</summary>
    public string DevicePath => _dm.Nodes.PathOf(Name);

    /// <summary>The device's state (open count, suspended, device number).</summary>
    public DmDeviceInfo GetInfo() => _dm.GetInfo(Name);

    /// <summary>The typed thin status (mapped sectors, highest mapped sector).</summary>
    public ThinTargetStatus GetStatus()
    {
        IReadOnlyList<DmTarget> targets = _dm.GetStatus(Name);
        return targets.Count == 1 ? ThinTargetStatus.Parse(targets[0].Parameters)
            : throw new StatusParseException("thin status", "target count", Name,
                $"expected 1 target, found {targets.Count}");
    }

    /// <summary>Suspends I/O to the volume.</summary>
    public void Suspend() => _dm.Suspend(Name);

    /// <summary>Resumes I/O to the volume.</summary>
    public void Resume() => _dm.Resume(Name);
}
