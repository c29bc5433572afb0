namespace ThinPool.Engine.Lvm;

// Removal: the reverse of LvmThinPoolSetup, with lvm's commands.
public sealed partial class LvmThinPool
{
    /// <summary>Removes the pool (lvremove) and, when asked and nothing else is left in it,
    /// its volume group (vgremove) and physical volumes (pvremove); deletes the pool's
    /// profile file when no other LV uses that profile.</summary>
    /// <param name="removeVolumeGroup">Also remove the volume group and its PVs if the pool
    /// was the only LV in it.</param>
    /// <param name="force">Remove the pool even though thin LVs live in it (they go too).</param>
    /// <exception cref="LvmRefusedException">Thin LVs live in the pool and force is
    /// off.</exception>
    /// <exception cref="LvmCommandException">An lvm command failed.</exception>
    public void Remove(bool removeVolumeGroup, bool force)
    {
        IReadOnlyList<LvmLogicalVolume> all = _query.LogicalVolumes();
        LvmLogicalVolume pool = all.FirstOrDefault(l => l.VolumeGroup == VolumeGroup
            && l.Name == LogicalVolume)
            ?? throw new LvmRefusedException(LvmRefusalReason.PoolNotFound, FullName,
                $"The thin pool '{FullName}' does not exist.");
        string[] thins = all.Where(l => l.VolumeGroup == VolumeGroup
            && l.PoolLogicalVolume == LogicalVolume).Select(l => l.Name).ToArray();
        if (thins.Length > 0 && !force)
        {
            throw new LvmRefusedException(LvmRefusalReason.PoolInUse, FullName,
                $"The thin pool '{FullName}' holds thin volumes ({string.Join(", ", thins)}). " +
                "Remove them first, or use -Force to remove them with the pool.");
        }

        _runner.RunLvm("lvremove", "--yes", FullName);

        var profile = new LvmProfile(_runner);
        if (pool.Profile is { } name && File.Exists(profile.PathOf(name))
            && !_query.LogicalVolumes().Any(l => l.Profile == name))
        {
            File.Delete(profile.PathOf(name));
            _runner.Sink.Changed($"deleted {profile.PathOf(name)}");
        }

        if (!removeVolumeGroup || _query.LogicalVolumes().Any(l => l.VolumeGroup == VolumeGroup))
        {
            return;
        }

        string[] devices = _query.PhysicalVolumes().Where(pv => pv.VolumeGroup == VolumeGroup)
            .Select(pv => pv.Name).ToArray();
        _runner.RunLvm("vgremove", "--yes", VolumeGroup);
        foreach (string device in devices)
        {
            _runner.RunLvm("pvremove", "--yes", device);
        }
    }
}
