using System.Globalization;

namespace ThinPool.Engine.Lvm;

// Growth: every path ends in lvextend, which grows the LV and reloads the pool's table
// itself; the new size is then read back from lvs rather than assumed.
public sealed partial class LvmThinPool
{
    /// <summary>Adds a device to the volume group (pvcreate, vgextend) and grows the pool's
    /// data over all the free space that gives. If a step fails, the device is taken back
    /// out (vgreduce, pvremove).</summary>
    /// <param name="device">The new physical device.</param>
    /// <param name="force">Erase signatures found on it.</param>
    /// <returns>The pool's data size afterwards.</returns>
    /// <exception cref="LvmRefusedException">The device has signatures (and no force) or is
    /// already a physical volume.</exception>
    /// <exception cref="LvmCommandException">An lvm command failed.</exception>
    public long AddPhysicalDevice(string device, bool force)
    {
        if (string.IsNullOrEmpty(device) || device[0] != '/')
        {
            throw new ArgumentException($"Device '{device}' must be an absolute path.",
                nameof(device));
        }

        long before = Read().SizeBytes;
        RequireNotPhysicalVolume(device);
        var probe = new SignatureProbe(_runner);
        if (probe.RequireClean(device, force).Count > 0)
        {
            probe.WipeAll(device);
        }

        _runner.RunLvm("pvcreate", "--yes", device);
        try
        {
            _runner.RunLvm("vgextend", VolumeGroup, device);
        }
        catch (LvmCommandException)
        {
            Undo("pvremove", "--yes", device);
            throw;
        }

        try
        {
            _runner.RunLvm("lvextend", "-l", "+100%FREE", FullName);
        }
        catch (LvmCommandException)
        {
            Undo("vgreduce", VolumeGroup, device);
            Undo("pvremove", "--yes", device);
            throw;
        }

        return RequireGrown(before, "data");
    }

    /// <summary>Grows the pool's data by at least <paramref name="bytes"/>, rounded up to
    /// whole extents.</summary>
    /// <param name="bytes">How much to add; positive.</param>
    /// <returns>The data size afterwards.</returns>
    /// <exception cref="LvmRefusedException">The volume group lacks the space.</exception>
    public long ExtendData(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        LvmVolumeGroup vg = ReadVolumeGroup();
        long extents = (bytes + vg.ExtentSizeBytes - 1) / vg.ExtentSizeBytes;
        if (extents > vg.FreeExtentCount)
        {
            throw NoSpace(vg, extents * vg.ExtentSizeBytes);
        }

        long before = Read().SizeBytes;
        _runner.RunLvm("lvextend", "-l", "+" + extents.ToString(CultureInfo.InvariantCulture),
            FullName);
        return RequireGrown(before, "data");
    }

    /// <summary>Grows the pool's data over every free extent of the volume group.</summary>
    /// <returns>The data size afterwards.</returns>
    /// <exception cref="LvmRefusedException">The volume group has no free extents.</exception>
    public long UseMaximumSize()
    {
        LvmVolumeGroup vg = ReadVolumeGroup();
        if (vg.FreeExtentCount == 0)
        {
            throw NoSpace(vg, vg.ExtentSizeBytes);
        }

        long before = Read().SizeBytes;
        _runner.RunLvm("lvextend", "-l", "+100%FREE", FullName);
        return RequireGrown(before, "data");
    }

    /// <summary>Grows the pool's metadata LV by at least <paramref name="bytes"/> (lvm rounds
    /// up to whole extents; dm-thin uses at most about 16 GiB of it).</summary>
    /// <param name="bytes">How much to add; positive, a multiple of 1 KiB.</param>
    /// <returns>The metadata size afterwards.</returns>
    /// <exception cref="LvmRefusedException">The volume group lacks the space.</exception>
    public long ExtendMetadata(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        if (bytes % 1024 != 0)
        {
            throw new ArgumentException("The metadata growth must be a multiple of 1 KiB.",
                nameof(bytes));
        }

        LvmVolumeGroup vg = ReadVolumeGroup();
        if (bytes > vg.FreeBytes)
        {
            throw NoSpace(vg, bytes);
        }

        long before = Read().MetadataSizeBytes ?? 0;
        string size = "+" + (bytes / 1024).ToString(CultureInfo.InvariantCulture) + "k";
        _runner.RunLvm("lvextend", "--poolmetadatasize", size, FullName);
        long after = Read().MetadataSizeBytes ?? 0;
        if (after <= before)
        {
            throw new LvmException($"lvextend reported success but the metadata of " +
                $"'{FullName}' is still {before} bytes.");
        }

        return after;
    }

    private LvmVolumeGroup ReadVolumeGroup() =>
        _query.FindVolumeGroup(VolumeGroup)
        ?? throw new LvmRefusedException(LvmRefusalReason.PoolNotFound, VolumeGroup,
            $"The volume group '{VolumeGroup}' no longer exists.");

    private LvmRefusedException NoSpace(LvmVolumeGroup vg, long needed) =>
        new(LvmRefusalReason.NoFreeSpace, VolumeGroup,
            $"The volume group '{VolumeGroup}' has {vg.FreeBytes} bytes free; {needed} are " +
            "needed. Add a physical device first (-AddPhysicalDevice).");

    private void RequireNotPhysicalVolume(string device)
    {
        LvmPhysicalVolume? pv = _query.FindPhysicalVolume(device);
        if (pv is not null)
        {
            throw new LvmRefusedException(LvmRefusalReason.DeviceIsPhysicalVolume, device,
                $"'{device}' is already an LVM physical volume" +
                (pv.VolumeGroup.Length > 0 ? $" in volume group '{pv.VolumeGroup}'." : ".") +
                " Remove it with pvremove first if it is free.");
        }
    }

    private long RequireGrown(long before, string what)
    {
        long after = Read().SizeBytes;
        if (after <= before)
        {
            throw new LvmException($"lvextend reported success but the {what} of " +
                $"'{FullName}' is still {before} bytes.");
        }

        return after;
    }

    private void Undo(string command, params string[] arguments)
    {
        try
        {
            _runner.RunLvm(command, arguments);
        }
        catch (LvmCommandException ex)
        {
            _runner.Sink.Warned($"Could not undo a step: {ex.Message}");
        }
    }
}
