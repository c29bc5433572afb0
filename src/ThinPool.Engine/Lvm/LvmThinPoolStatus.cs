namespace ThinPool.Engine.Lvm;

/// <summary>
/// An LVM thin pool as lvm reports it, plus what only LVM mode has: the volume group's free
/// space, the autoextend settings in force and whether dmeventd monitors the pool.
/// </summary>
/// <param name="VolumeGroup">The volume group.</param>
/// <param name="LogicalVolume">The thin pool LV.</param>
/// <param name="DevicePath">The pool's /dev/mapper path.</param>
/// <param name="DataSizeBytes">The data LV's size.</param>
/// <param name="MetadataSizeBytes">The metadata LV's size.</param>
/// <param name="ChunkSizeBytes">The pool's chunk size.</param>
/// <param name="DataPercent">Data in use, percent; null when the pool is inactive.</param>
/// <param name="MetadataPercent">Metadata in use, percent; null when inactive.</param>
/// <param name="TransactionId">The pool's transaction id; null when inactive.</param>
/// <param name="VolumeGroupSizeBytes">The volume group's size.</param>
/// <param name="VolumeGroupFreeBytes">Unallocated space the pool can still grow into.</param>
/// <param name="PhysicalDevices">The devices under the volume group.</param>
/// <param name="AutoExtend">The autoextend settings lvm applies to this pool.</param>
/// <param name="Monitor">Whether dmeventd watches the pool.</param>
public sealed record LvmThinPoolStatus(string VolumeGroup, string LogicalVolume,
    string DevicePath, long DataSizeBytes, long MetadataSizeBytes, long ChunkSizeBytes,
    double? DataPercent, double? MetadataPercent, ulong? TransactionId,
    long VolumeGroupSizeBytes, long VolumeGroupFreeBytes, IReadOnlyList<string> PhysicalDevices,
    LvmAutoExtendSettings AutoExtend, LvmMonitorState Monitor)
{
    /// <summary>Whether autoextend can actually fire: settings on and the pool monitored.</summary>
    public bool AutoExtendActive => AutoExtend.IsEnabled && Monitor == LvmMonitorState.Monitored;
}
