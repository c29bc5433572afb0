namespace ThinPool.Engine.Lvm;

/// <summary>One row of <c>pvs</c>.</summary>
/// <param name="Name">The device path, e.g. <c>/dev/vda</c>.</param>
/// <param name="VolumeGroup">The volume group it belongs to; empty when none.</param>
/// <param name="SizeBytes">Usable size.</param>
/// <param name="FreeBytes">Unallocated bytes.</param>
/// <param name="Uuid">The PV uuid.</param>
public sealed record LvmPhysicalVolume(string Name, string VolumeGroup, long SizeBytes,
    long FreeBytes, string Uuid)
{
    /// <summary>The fields to ask <c>pvs -o</c> for.</summary>
    public const string Fields = "pv_name,vg_name,pv_size,pv_free,pv_uuid";
}
