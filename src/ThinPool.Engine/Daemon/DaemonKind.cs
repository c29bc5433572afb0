namespace ThinPool.Engine.Daemon;

/// <summary>The container runtime a daemon configuration is written for.</summary>
public enum DaemonKind
{
    /// <summary>Docker's devicemapper storage driver (daemon.json).</summary>
    Docker,

    /// <summary>containerd's devmapper snapshotter (config.toml).</summary>
    Containerd,
}
