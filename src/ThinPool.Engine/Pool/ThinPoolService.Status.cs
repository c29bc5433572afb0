namespace ThinPool.Engine.Pool;

public sealed partial class ThinPoolService
{
    /// <summary>
    /// Reads a pool's space, transaction and health. Health is Unhealthy when the metadata asks
    /// for a check or data or metadata space is exhausted; Warning when use crosses
    /// <paramref name="warningThresholdPercent"/>, free space falls below the pool's minimum
    /// free space or its low water mark, or the filesystem under the data file has less room
    /// than the pool promises.
    /// </summary>
    /// <param name="name">The pool name.</param>
    /// <param name="warningThresholdPercent">Use (percent) that counts as a warning; null
    /// takes the pool's own setting.</param>
    /// <returns>The status.</returns>
    public ThinPoolStatus GetStatus(string name, double? warningThresholdPercent = null)
    {
        if (warningThresholdPercent is double given)
        {
            PoolRules.ValidatePercent("WarningThresholdPercent", given);
        }

        using PoolSession session = OpenSession(name, writable: false);
        ThinPoolInfo pool = Describe(session);
        PoolUsage usage = session.Backend.ReadUsage();
        long? fsFree = FileSystemFree(session.DataPath);
        double threshold = warningThresholdPercent ?? session.Descriptor.WarningThresholdPercent;
        var reasons = new List<string>();
        PoolHealth health = Assess(session.Descriptor, usage, fsFree, threshold, reasons);
        if (session.Backend is KernelBackend { LastStatus: { } kernel })
        {
            health = AssessKernel(kernel, session.Descriptor, reasons, health);
        }

        Lvm.LvmThinPoolStatus? lvm = session.Descriptor.Mode == PoolMode.Lvm
            ? LvmOf(session.Descriptor).GetStatus() : null;
        if (lvm is not null)
        {
            health = AssessLvm(lvm, usage, threshold, reasons, health);
        }

        return new ThinPoolStatus(pool, usage, session.Descriptor.Volumes.Count, fsFree,
            threshold, reasons, health, lvm);
    }

    /// <summary>What lvm adds: autoextend that cannot fire, and no room left to grow into.</summary>
    private static PoolHealth AssessLvm(Lvm.LvmThinPoolStatus lvm, PoolUsage usage,
        double threshold, List<string> reasons, PoolHealth health)
    {
        string full = $"{lvm.VolumeGroup}/{lvm.LogicalVolume}";
        int before = reasons.Count;
        if (lvm.AutoExtend.IsEnabled && lvm.Monitor != Lvm.LvmMonitorState.Monitored)
        {
            reasons.Add($"dmeventd does not monitor '{full}', so it will not autoextend: check "
                + $"that dmeventd runs, then run lvchange --monitor y {full}.");
        }

        double dataUsed = Percent(usage.DataBlocksUsed, usage.DataBlocks);
        double lvmThreshold = lvm.AutoExtend.IsEnabled ? lvm.AutoExtend.ThresholdPercent
            : threshold;
        if (lvm.VolumeGroupFreeBytes == 0 && dataUsed >= Math.Min(threshold, lvmThreshold))
        {
            reasons.Add($"The volume group '{lvm.VolumeGroup}' has no free space left for the "
                + "pool to grow into: add a device with Resize-ThinPool -AddPhysicalDevice.");
        }

        return reasons.Count > before && health < PoolHealth.Warning ? PoolHealth.Warning
            : health;
    }

    private static PoolHealth Assess(PoolDescriptor pool, PoolUsage usage, long? fsFree,
        double threshold, List<string> reasons)
    {
        var health = PoolHealth.Healthy;
        void Flag(PoolHealth level, string reason)
        {
            reasons.Add(reason);
            health = level > health ? level : health;
        }

        ulong dataFree = usage.DataBlocks - usage.DataBlocksUsed;
        ulong metadataFree = usage.MetadataBlocks - usage.MetadataBlocksUsed;
        double dataUsed = Percent(usage.DataBlocksUsed, usage.DataBlocks);
        double metadataUsed = Percent(usage.MetadataBlocksUsed, usage.MetadataBlocks);
        if (usage.NeedsCheck)
        {
            Flag(PoolHealth.Unhealthy, "The metadata asks for a check: run Test-ThinPool.");
        }

        if (dataFree == 0)
        {
            Flag(PoolHealth.Unhealthy, "Data space is exhausted: grow it with Resize-ThinPool.");
        }

        if (metadataFree == 0)
        {
            Flag(PoolHealth.Unhealthy,
                "Metadata space is exhausted: grow it with Resize-ThinPool -MetadataSize.");
        }

        if (dataUsed >= threshold)
        {
            Flag(PoolHealth.Warning, $"Data use is {dataUsed:0.##}%, at or above {threshold}%.");
        }

        if (metadataUsed >= threshold)
        {
            Flag(PoolHealth.Warning,
                $"Metadata use is {metadataUsed:0.##}%, at or above {threshold}%.");
        }

        if (100 - dataUsed < pool.MinFreeSpacePercent || 100 - metadataUsed < pool.MinFreeSpacePercent)
        {
            Flag(PoolHealth.Warning, $"Free space is below the pool's minimum of "
                + $"{pool.MinFreeSpacePercent}%: new volumes and snapshots are refused.");
        }

        if (pool.LowWaterMarkBlocks > 0 && dataFree <= pool.LowWaterMarkBlocks && dataFree > 0)
        {
            Flag(PoolHealth.Warning, $"Free data blocks ({dataFree}) are at or below the low "
                + $"water mark ({pool.LowWaterMarkBlocks}).");
        }

        long poolFreeBytes = (long)dataFree * usage.BlockBytes;
        if (fsFree is long fs && fs < poolFreeBytes)
        {
            Flag(PoolHealth.Warning, $"The filesystem under the data file has {fs} bytes free, "
                + $"less than the pool's {poolFreeBytes} free bytes.");
        }

        return health;
    }

    /// <summary>What only the running pool can say: failed, read-only, out of data space.</summary>
    private static PoolHealth AssessKernel(Kernel.Status.ThinPoolTargetStatus kernel,
        PoolDescriptor pool, List<string> reasons, PoolHealth health)
    {
        string? reason = kernel.Health != Kernel.Status.TargetHealth.Healthy
            ? $"The kernel reports the pool {kernel.Health}: deactivate it with "
                + "Dismount-ThinPool and run Test-ThinPool."
            : kernel.Mode switch
            {
                Kernel.Status.ThinPoolMode.OutOfDataSpace => "The pool is out of data space: "
                    + (pool.WhenFull == WhenFullAction.Error ? "writes to unmapped blocks fail "
                        + "with ENOSPC" : "writes to unmapped blocks wait")
                    + ". Grow it with Resize-ThinPool -DataSize.",
                Kernel.Status.ThinPoolMode.ReadOnly => "The kernel has put the pool in "
                    + "read-only mode (metadata space exhausted or a metadata error): grow the "
                    + "metadata with Resize-ThinPool -MetadataSize, or deactivate it and run "
                    + "Test-ThinPool.",
                _ => null,
            };
        if (reason is null)
        {
            return health;
        }

        reasons.Add(reason);
        return PoolHealth.Unhealthy;
    }

    private static double Percent(ulong part, ulong whole) =>
        whole == 0 ? 0 : 100.0 * part / whole;

    private static long? FileSystemFree(string dataPath)
    {
        var info = new FileInfo(dataPath);
        if (!info.Exists || Kernel.BlockDeviceControl.IsBlockDevice(dataPath))
        {
            return null;
        }

        try
        {
            return new DriveInfo(info.DirectoryName ?? "/").AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException
                                  or ArgumentException)
        {
            return null;
        }
    }
}
