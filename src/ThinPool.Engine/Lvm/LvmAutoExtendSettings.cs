namespace ThinPool.Engine.Lvm;

/// <summary>The thin-pool autoextend settings lvm applies to a pool.</summary>
/// <param name="ThresholdPercent">Fullness at which dmeventd extends the pool; 100 means
/// never.</param>
/// <param name="Percent">How much each extension adds, in percent of the pool.</param>
/// <param name="Profile">The metadata profile they come from; null when they come from the
/// global configuration.</param>
public sealed record LvmAutoExtendSettings(int ThresholdPercent, int Percent, string? Profile)
{
    /// <summary>Whether these settings extend the pool at all.</summary>
    public bool IsEnabled => ThresholdPercent < 100 && Percent > 0;
}
