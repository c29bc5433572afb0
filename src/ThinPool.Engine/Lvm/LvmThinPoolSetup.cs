using System.Globalization;

namespace ThinPool.Engine.Lvm;

/// <summary>
/// Builds the guide's direct-lvm thin pool with lvm2's own commands, in the guide's order:
/// pvcreate, vgcreate, lvcreate (data, then metadata), lvconvert to a thin pool, the
/// autoextend profile written and attached, and monitoring checked.
/// </summary>
/// <remarks>
/// Everything is checked before the first command: the settings, that the volume group does
/// not exist, that no device is already a physical volume, and that every device is free of
/// signatures (or <see cref="LvmThinPoolOptions.Force"/> is set, when they are wiped as the
/// guide does). If a later step fails, what this run created is undone in reverse order
/// (profile file, LVs, volume group, physical volumes) so no half-built pool remains; the
/// wiped signatures are gone for good, which is why wiping needs Force.
/// </remarks>
public sealed class LvmThinPoolSetup
{
    private readonly LvmCommandRunner _runner;
    private readonly LvmQuery _query;
    private readonly LvmProfile _profile;

    /// <summary>Creates the builder.</summary>
    /// <param name="runner">The command chokepoint.</param>
    /// <param name="profileDirectory">Where to write the profile; null for lvm's default.</param>
    public LvmThinPoolSetup(LvmCommandRunner runner, string? profileDirectory = null)
    {
        _runner = runner;
        _query = new LvmQuery(runner);
        _profile = new LvmProfile(runner, profileDirectory);
    }

    /// <summary>Builds the pool.</summary>
    /// <param name="options">What to build.</param>
    /// <returns>The new pool.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; nothing ran.</exception>
    /// <exception cref="LvmRefusedException">A device has signatures, is already a PV, or the
    /// volume group or profile exists; nothing changed.</exception>
    /// <exception cref="LvmCommandException">A step failed; what was created was
    /// removed.</exception>
    public LvmThinPool Create(LvmThinPoolOptions options)
    {
        options.Validate();
        Preflight(options);

        var undo = new Stack<(string What, Action Action)>();
        try
        {
            Build(options, undo);
        }
        catch (Exception ex) when (ex is LvmException or IOException
            or UnauthorizedAccessException)
        {
            Rollback(undo);
            throw;
        }

        return LvmThinPool.Trusted(_runner, options.VolumeGroup, options.LogicalVolume);
    }

    private void Preflight(LvmThinPoolOptions options)
    {
        if (_query.FindVolumeGroup(options.VolumeGroup) is not null)
        {
            throw new LvmRefusedException(LvmRefusalReason.AlreadyExists, options.VolumeGroup,
                $"The volume group '{options.VolumeGroup}' already exists. To use a thin pool " +
                "in it, adopt the pool (-VolumeGroup with -LogicalVolume) instead.");
        }

        IReadOnlyList<LvmPhysicalVolume> pvs = _query.PhysicalVolumes();
        foreach (string device in options.PhysicalDevices)
        {
            LvmPhysicalVolume? pv = pvs.FirstOrDefault(p => LvmQuery.SameDevice(p.Name, device));
            if (pv is not null && (pv.VolumeGroup.Length > 0 || !options.Force))
            {
                throw new LvmRefusedException(LvmRefusalReason.DeviceIsPhysicalVolume, device,
                    $"'{device}' is already an LVM physical volume" +
                    (pv.VolumeGroup.Length > 0 ? $" in volume group '{pv.VolumeGroup}'." : ".") +
                    " Choose another device, or free it (vgreduce, pvremove) first.");
            }
        }

        var probe = new SignatureProbe(_runner);
        foreach (string device in options.PhysicalDevices)
        {
            probe.RequireClean(device, options.Force);
        }

        if (File.Exists(_profile.PathOf(options.Name)) && !options.Force)
        {
            throw new LvmRefusedException(LvmRefusalReason.AlreadyExists, options.Name,
                $"The lvm profile '{_profile.PathOf(options.Name)}' already exists. Choose " +
                "another -Name, or use -Force to replace it.");
        }
    }

    private void Build(LvmThinPoolOptions o, Stack<(string, Action)> undo)
    {
        string vg = o.VolumeGroup;
        string pool = vg + "/" + o.LogicalVolume;
        string meta = vg + "/" + o.MetadataLogicalVolume;
        var probe = new SignatureProbe(_runner);
        foreach (string device in o.PhysicalDevices)
        {
            if (o.Force && probe.Probe(device).Count > 0)
            {
                probe.WipeAll(device);
            }

            _runner.RunLvm("pvcreate", device);
            undo.Push(($"pvremove {device}", () => _runner.RunLvm("pvremove", "--yes", device)));
        }

        _runner.RunLvm("vgcreate", [vg, .. o.PhysicalDevices]);
        undo.Push(($"vgremove {vg}", () => _runner.RunLvm("vgremove", "--yes", vg)));

        _runner.RunLvm("lvcreate", "--wipesignatures", "y", "--yes", "-n", o.LogicalVolume, vg,
            "-l", Percent(o.DataPercent) + "%VG");
        undo.Push(($"lvremove {pool}", () => _runner.RunLvm("lvremove", "--yes", pool)));

        _runner.RunLvm("lvcreate", "--wipesignatures", "y", "--yes", "-n",
            o.MetadataLogicalVolume, vg, "-l", Percent(o.MetadataPercent) + "%VG");
        undo.Push(($"lvremove {meta}", () => _runner.RunLvm("lvremove", "--yes", meta)));

        string chunk = (o.ChunkSizeBytes / 1024).ToString(CultureInfo.InvariantCulture) + "k";
        _runner.RunLvm("lvconvert", "-y", "--zero", "n", "-c", chunk, "--thinpool", pool,
            "--poolmetadata", meta);

        // The metadata LV is now inside the pool; removing the pool removes both.
        undo.Pop();

        string profilePath = _profile.PathOf(o.Name);
        bool hadProfile = File.Exists(profilePath);
        _profile.Write(o.Name, o.AutoExtendThresholdPercent, o.AutoExtendPercent);
        if (!hadProfile)
        {
            undo.Push(($"delete {profilePath}", () => File.Delete(profilePath)));
        }

        _runner.RunLvm("lvchange", "--metadataprofile", o.Name, pool);
        VerifyMonitoring(vg, o.LogicalVolume, pool);
    }

    private void VerifyMonitoring(string vg, string lv, string pool)
    {
        LvmLogicalVolume row = _query.FindLogicalVolume(vg, lv)
            ?? throw new LvmException($"The thin pool '{pool}' is missing after lvconvert.");
        if (!row.IsThinPool)
        {
            throw new LvmException($"'{pool}' is a {row.SegmentType} volume after lvconvert.");
        }

        if (row.Monitor == LvmMonitorState.Monitored)
        {
            return;
        }

        // lvm starts monitoring on activation when activation/monitoring is on; ask once more
        // explicitly, since a missing dmeventd at that moment is the usual cause.
        try
        {
            _runner.RunLvm("lvchange", "--monitor", "y", pool);
        }
        catch (LvmCommandException ex)
        {
            _runner.Sink.Warned($"Could not turn on monitoring of '{pool}': {ex.StandardError}");
        }

        LvmMonitorState state = _query.FindLogicalVolume(vg, lv)?.Monitor ?? LvmMonitorState.Unknown;
        if (state != LvmMonitorState.Monitored)
        {
            _runner.Sink.Warned($"The thin pool '{pool}' is not monitored by dmeventd, so it " +
                "will not autoextend. Check that dmeventd runs and that activation/monitoring " +
                "is 1 in lvm.conf, then run: lvchange --monitor y " + pool);
        }
    }

    private void Rollback(Stack<(string What, Action Action)> undo)
    {
        while (undo.Count > 0)
        {
            var (what, action) = undo.Pop();
            try
            {
                _runner.Sink.Changed("rolling back: " + what);
                action();
            }
            catch (Exception ex) when (ex is LvmException or IOException
                or UnauthorizedAccessException)
            {
                _runner.Sink.Warned($"Rollback step '{what}' failed: {ex.Message}");
            }
        }
    }

    private static string Percent(int value) => value.ToString(CultureInfo.InvariantCulture);
}
