namespace ThinPool.Engine.Lvm;

/// <summary>Whether dmeventd watches a thin pool (lvm's <c>seg_monitor</c> field).</summary>
public enum LvmMonitorState
{
    /// <summary>The field was empty: the LV is inactive or not a monitorable segment.</summary>
    Unknown,

    /// <summary>dmeventd watches the pool; autoextend can fire.</summary>
    Monitored,

    /// <summary>No one watches the pool; autoextend cannot fire.</summary>
    NotMonitored,
}
