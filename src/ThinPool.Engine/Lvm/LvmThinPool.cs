using System.Globalization;

namespace ThinPool.Engine.Lvm;

/// <summary>
/// A thin pool that lvm owns, reached by its volume group and logical volume. Every change
/// goes through lvm's own commands: lvm keeps its own record of the pool's transaction id and
/// thin devices, so raw thin-pool messages sent beside it would make that record wrong.
/// </summary>
/// <remarks>
/// Adoption (<see cref="Adopt(LvmCommandRunner, string, string, bool)"/>) therefore refuses a
/// pool that already has a non-zero transaction id or data in use unless forced: such a
/// pool belongs to someone (lvm thin LVs, a previous Docker) whose bookkeeping a second owner
/// would corrupt. This is what Docker's devicemapper driver did.
/// </remarks>
public sealed partial class LvmThinPool
{
    private readonly LvmCommandRunner _runner;
    private readonly LvmQuery _query;

    private LvmThinPool(LvmCommandRunner runner, string volumeGroup, string logicalVolume)
    {
        _runner = runner;
        _query = new LvmQuery(runner);
        VolumeGroup = volumeGroup;
        LogicalVolume = logicalVolume;
    }

    /// <summary>The volume group.</summary>
    public string VolumeGroup { get; }

    /// <summary>The thin pool LV.</summary>
    public string LogicalVolume { get; }

    /// <summary><c>vg/lv</c>, the name lvm commands take.</summary>
    public string FullName => VolumeGroup + "/" + LogicalVolume;

    /// <summary>The device-mapper name of the pool (<c>vg-lv</c>, with '-' inside either name
    /// doubled, as lvm does).</summary>
    public string DeviceMapperName => VolumeGroup.Replace("-", "--", StringComparison.Ordinal)
        + "-" + LogicalVolume.Replace("-", "--", StringComparison.Ordinal);

    /// <summary>Opens a pool that <see cref="LvmThinPoolSetup"/> has just verified.</summary>
    internal static LvmThinPool Trusted(LvmCommandRunner runner, string vg, string lv) =>
        new(runner, vg, lv);

    /// <summary>Opens the thin pool <paramref name="volumeGroup"/>/<paramref name="logicalVolume"/>
    /// for use, refusing one that is in use unless <paramref name="force"/>.</summary>
    /// <param name="runner">The command chokepoint.</param>
    /// <param name="volumeGroup">The volume group.</param>
    /// <param name="logicalVolume">The thin pool LV.</param>
    /// <param name="force">Adopt even with a non-zero transaction id or used data.</param>
    /// <returns>The pool.</returns>
    /// <exception cref="ArgumentException">A name is invalid.</exception>
    /// <exception cref="LvmRefusedException">No such thin pool, or it is in use.</exception>
    public static LvmThinPool Adopt(LvmCommandRunner runner, string volumeGroup,
        string logicalVolume, bool force)
    {
        LvmNames.ValidateVolumeGroup(volumeGroup, nameof(volumeGroup));
        LvmNames.ValidateLogicalVolume(logicalVolume, nameof(logicalVolume));
        var query = new LvmQuery(runner);
        LvmLogicalVolume? lv = query.FindLogicalVolume(volumeGroup, logicalVolume);
        if (lv is null || !lv.IsThinPool)
        {
            throw new LvmRefusedException(LvmRefusalReason.PoolNotFound,
                volumeGroup + "/" + logicalVolume,
                $"'{volumeGroup}/{logicalVolume}' is not an LVM thin pool " +
                (lv is null ? "(no such logical volume)." : $"(its type is {lv.SegmentType})."));
        }

        return AdoptChecked(runner, lv, force);
    }

    /// <summary>Opens the LVM thin pool behind a device path (<c>/dev/mapper/vg-lv</c>,
    /// <c>/dev/vg/lv</c>, or the <c>-tpool</c> device lvm adds once thin LVs exist).</summary>
    /// <param name="runner">The command chokepoint.</param>
    /// <param name="devicePath">The pool's device.</param>
    /// <param name="force">Adopt even with a non-zero transaction id or used data.</param>
    /// <returns>The pool.</returns>
    /// <exception cref="LvmRefusedException">No LVM thin pool is behind the device, or it is
    /// in use.</exception>
    public static LvmThinPool Adopt(LvmCommandRunner runner, string devicePath, bool force)
    {
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        string wanted = devicePath.EndsWith("-tpool", StringComparison.Ordinal)
            ? devicePath[..^"-tpool".Length]
            : devicePath;
        LvmLogicalVolume? lv = new LvmQuery(runner).LogicalVolumes().FirstOrDefault(l =>
            l.IsThinPool && (l.DmPath == wanted || $"/dev/{l.VolumeGroup}/{l.Name}" == wanted
                || (l.DmPath.Length > 0 && LvmQuery.SameDevice(l.DmPath, wanted))));
        if (lv is null)
        {
            throw new LvmRefusedException(LvmRefusalReason.PoolNotFound, devicePath,
                $"No LVM thin pool is behind '{devicePath}'. Name the pool as " +
                "/dev/mapper/VG-LV or give its volume group and logical volume.");
        }

        return AdoptChecked(runner, lv, force);
    }

    /// <summary>Reads the pool's LV row afresh.</summary>
    /// <returns>The row.</returns>
    /// <exception cref="LvmRefusedException">The pool no longer exists.</exception>
    public LvmLogicalVolume Read() =>
        _query.FindLogicalVolume(VolumeGroup, LogicalVolume)
        ?? throw new LvmRefusedException(LvmRefusalReason.PoolNotFound, FullName,
            $"The thin pool '{FullName}' no longer exists.");

    /// <summary>Reads the pool's status, the volume group's free space, the autoextend
    /// settings in force and monitoring.</summary>
    /// <returns>The status.</returns>
    public LvmThinPoolStatus GetStatus()
    {
        LvmLogicalVolume lv = Read();
        LvmVolumeGroup vg = _query.FindVolumeGroup(VolumeGroup)
            ?? throw new LvmRefusedException(LvmRefusalReason.PoolNotFound, VolumeGroup,
                $"The volume group '{VolumeGroup}' no longer exists.");
        var devices = _query.PhysicalVolumes().Where(pv => pv.VolumeGroup == VolumeGroup)
            .Select(pv => pv.Name).ToArray();
        LvmAutoExtendSettings autoExtend = new LvmProfile(_runner).ReadSettings(lv.Profile);
        return new LvmThinPoolStatus(VolumeGroup, LogicalVolume, lv.DmPath, lv.SizeBytes,
            lv.MetadataSizeBytes ?? 0, lv.ChunkSizeBytes, lv.DataPercent, lv.MetadataPercent,
            lv.TransactionId, vg.SizeBytes, vg.FreeBytes, devices, autoExtend, lv.Monitor);
    }

    private static LvmThinPool AdoptChecked(LvmCommandRunner runner, LvmLogicalVolume lv,
        bool force)
    {
        ulong transaction = lv.TransactionId ?? 0;
        double used = lv.DataPercent ?? 0;
        if ((transaction != 0 || used > 0) && !force)
        {
            string usedText = used.ToString("0.##", CultureInfo.InvariantCulture);
            throw new LvmRefusedException(LvmRefusalReason.PoolInUse, lv.FullName,
                $"The LVM thin pool '{lv.FullName}' is in use (transaction id {transaction}, " +
                $"{usedText} % of its data used). Sending thin messages to a pool lvm manages " +
                "would confuse lvm's own records. Use an empty pool, or -Force if you are sure " +
                "nothing else uses it.");
        }

        if (lv.TransactionId is null)
        {
            runner.Sink.Warned($"The thin pool '{lv.FullName}' is not active, so its " +
                "transaction id and data use could not be checked.");
        }

        return new LvmThinPool(runner, lv.VolumeGroup, lv.Name);
    }
}
