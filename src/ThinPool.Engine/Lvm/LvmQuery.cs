namespace ThinPool.Engine.Lvm;

/// <summary>
/// Reads lvm state through <c>pvs</c>, <c>vgs</c> and <c>lvs</c> JSON reports in bytes. It
/// lists everything and filters here, because naming a missing VG makes lvm fail rather than
/// return an empty report.
/// </summary>
public sealed class LvmQuery
{
    private static readonly string[] ReportArgs = ["--reportformat", "json", "--units", "b",
        "--nosuffix"];

    private readonly LvmCommandRunner _runner;

    /// <summary>Creates the reader.</summary>
    /// <param name="runner">The command chokepoint.</param>
    public LvmQuery(LvmCommandRunner runner)
    {
        _runner = runner;
    }

    /// <summary>All physical volumes lvm sees.</summary>
    /// <returns>The rows of <c>pvs</c>.</returns>
    public IReadOnlyList<LvmPhysicalVolume> PhysicalVolumes() =>
        LvmReport.ParsePhysicalVolumes(_runner.RunLvm("pvs",
            [.. ReportArgs, "-o", LvmPhysicalVolume.Fields]));

    /// <summary>All volume groups lvm sees.</summary>
    /// <returns>The rows of <c>vgs</c>.</returns>
    public IReadOnlyList<LvmVolumeGroup> VolumeGroups() =>
        LvmReport.ParseVolumeGroups(_runner.RunLvm("vgs",
            [.. ReportArgs, "-o", LvmVolumeGroup.Fields]));

    /// <summary>All logical volumes, hidden ones included, one row each.</summary>
    /// <returns>The rows of <c>lvs -a</c>, merged by uuid.</returns>
    /// <remarks>Asking for segment fields (segtype, chunk_size, seg_monitor) makes lvs print
    /// one row per segment, so an LV that spans two PVs appears twice; the first row is kept.
    /// A thin pool LV always has exactly one segment, so nothing of it is lost.</remarks>
    public IReadOnlyList<LvmLogicalVolume> LogicalVolumes() =>
        LvmReport.ParseLogicalVolumes(_runner.RunLvm("lvs",
            ["-a", .. ReportArgs, "-o", LvmLogicalVolume.Fields]))
            .DistinctBy(lv => lv.Uuid).ToArray();

    /// <summary>The volume group called <paramref name="name"/>, or null.</summary>
    /// <param name="name">The VG name.</param>
    /// <returns>Its row, or null when it does not exist.</returns>
    public LvmVolumeGroup? FindVolumeGroup(string name) =>
        VolumeGroups().FirstOrDefault(vg => vg.Name == name);

    /// <summary>The logical volume <paramref name="volumeGroup"/>/<paramref name="name"/>,
    /// or null.</summary>
    /// <param name="volumeGroup">The VG name.</param>
    /// <param name="name">The LV name.</param>
    /// <returns>Its row, or null when it does not exist.</returns>
    public LvmLogicalVolume? FindLogicalVolume(string volumeGroup, string name) =>
        LogicalVolumes().FirstOrDefault(lv => lv.VolumeGroup == volumeGroup && lv.Name == name);

    /// <summary>The physical volume on <paramref name="device"/>, or null.</summary>
    /// <param name="device">The device path.</param>
    /// <returns>Its row, or null when the device is not a PV.</returns>
    public LvmPhysicalVolume? FindPhysicalVolume(string device) =>
        PhysicalVolumes().FirstOrDefault(pv => SameDevice(pv.Name, device));

    /// <summary>Whether two paths name the same device, following symlinks.</summary>
    /// <param name="a">A path.</param>
    /// <param name="b">Another path.</param>
    /// <returns>True when they resolve to the same file.</returns>
    public static bool SameDevice(string a, string b) =>
        a == b || Resolve(a) == Resolve(b);

    private static string Resolve(string path)
    {
        try
        {
            FileSystemInfo? target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            return target?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return path;
        }
    }
}
