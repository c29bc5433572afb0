namespace ThinPool.Engine.Lvm;

/// <summary>One row of <c>lvs -a</c>, with the thin-pool fields.</summary>
/// <param name="VolumeGroup">The volume group.</param>
/// <param name="Name">The LV name, without the brackets lvm puts around hidden LVs.</param>
/// <param name="Attributes">The 10-character <c>lv_attr</c> string.</param>
/// <param name="SizeBytes">The LV size (for a thin pool: its data size).</param>
/// <param name="SegmentType">e.g. <c>thin-pool</c>, <c>thin</c>, <c>linear</c>.</param>
/// <param name="DataPercent">Data use of a pool or thin LV; null when not reported.</param>
/// <param name="MetadataPercent">Metadata use of a pool; null when not reported.</param>
/// <param name="TransactionId">A pool's transaction id; null when not reported.</param>
/// <param name="ChunkSizeBytes">A pool's chunk (data block) size; 0 for other LVs.</param>
/// <param name="MetadataSizeBytes">A pool's metadata LV size; null for other LVs.</param>
/// <param name="Profile">The attached metadata profile; null when none.</param>
/// <param name="Monitor">Whether dmeventd monitors it.</param>
/// <param name="DmPath">The /dev/mapper path lvm names for it.</param>
/// <param name="Uuid">The LV uuid.</param>
/// <param name="IsActive">Whether it is active in the kernel.</param>
/// <param name="IsHidden">Whether lvm hides it (brackets in the report).</param>
/// <param name="PoolLogicalVolume">For a thin LV, the pool it lives in; null otherwise.</param>
public sealed record LvmLogicalVolume(string VolumeGroup, string Name, string Attributes,
    long SizeBytes, string SegmentType, double? DataPercent, double? MetadataPercent,
    ulong? TransactionId, long ChunkSizeBytes, long? MetadataSizeBytes, string? Profile,
    LvmMonitorState Monitor, string DmPath, string Uuid, bool IsActive, bool IsHidden,
    string? PoolLogicalVolume)
{
    /// <summary>The fields to ask <c>lvs -o</c> for.</summary>
    public const string Fields = "vg_name,lv_name,lv_attr,lv_size,segtype,data_percent," +
        "metadata_percent,transaction_id,chunk_size,lv_metadata_size,lv_profile,seg_monitor," +
        "lv_dm_path,lv_uuid,lv_active,pool_lv";

    /// <summary>Whether the LV is a thin pool.</summary>
    public bool IsThinPool => SegmentType == "thin-pool";

    /// <summary><c>vg/lv</c>, the name lvm commands take.</summary>
    public string FullName => VolumeGroup + "/" + Name;
}
