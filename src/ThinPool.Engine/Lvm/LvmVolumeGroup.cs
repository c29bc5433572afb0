namespace ThinPool.Engine.Lvm;

/// <summary>One row of <c>vgs</c>.</summary>
/// <param name="Name">The volume group name.</param>
/// <param name="SizeBytes">Total size.</param>
/// <param name="FreeBytes">Unallocated bytes.</param>
/// <param name="ExtentSizeBytes">The physical extent size.</param>
/// <param name="ExtentCount">Total extents.</param>
/// <param name="FreeExtentCount">Unallocated extents.</param>
/// <param name="PhysicalVolumeCount">How many PVs it spans.</param>
/// <param name="LogicalVolumeCount">How many visible LVs it holds.</param>
/// <param name="Uuid">The VG uuid.</param>
public sealed record LvmVolumeGroup(string Name, long SizeBytes, long FreeBytes,
    long ExtentSizeBytes, long ExtentCount, long FreeExtentCount, int PhysicalVolumeCount,
    int LogicalVolumeCount, string Uuid)
{
    /// <summary>The fields to ask <c>vgs -o</c> for.</summary>
    public const string Fields = "vg_name,vg_size,vg_free,vg_extent_size,vg_extent_count," +
        "vg_free_count,pv_count,lv_count,vg_uuid";
}
