using ThinPool.Engine.Kernel;
using ThinPool.Engine.Kernel.Status;
using ThinPool.Engine.Lvm;

namespace ThinPool.Engine.Pool;

// LVM mode: lvm2 builds, activates, grows and removes the pool LV; thin devices inside it
// are made with thin-pool messages like any kernel pool, as Docker's devicemapper driver did.
public sealed partial class ThinPoolService
{
    /// <summary>Starts lvm2 and wipefs; replaced in tests.</summary>
    internal IProcessRunner Processes { get; init; } = SystemProcessRunner.Instance;

    /// <summary>
    /// Grows an LVM pool with lvm: <paramref name="addDevices"/> become physical volumes of
    /// its volume group and the data takes the space they add; <paramref name="useMaximumSize"/>
    /// takes every free extent of the volume group.
    /// </summary>
    /// <param name="name">The pool name.</param>
    /// <param name="addDevices">Devices to add to the volume group; may be empty.</param>
    /// <param name="useMaximumSize">Grow the data over all free extents.</param>
    /// <param name="force">Erase signatures found on the added devices.</param>
    /// <returns>The grown pool.</returns>
    /// <exception cref="PoolOperationException">The pool is not an LVM pool
    /// (<see cref="PoolErrorReason.WrongMode"/>).</exception>
    /// <exception cref="LvmRefusedException">A device has a signature or is a physical
    /// volume already, or the volume group has no free extents.</exception>
    public ThinPoolInfo GrowLvmPool(string name, IReadOnlyList<string> addDevices,
        bool useMaximumSize, bool force)
    {
        ArgumentNullException.ThrowIfNull(addDevices);
        using PoolSession session = OpenSession(name, writable: true);
        LvmThinPool lvm = RequireLvm(session.Descriptor, "-AddPhysicalDevice and -UseMaximumSize");
        foreach (string device in addDevices)
        {
            _sink.Change($"Adding '{device}' to volume group '{lvm.VolumeGroup}' and growing "
                + $"the data of pool '{name}' over it.");
            _ = LvmArguments(device, () => lvm.AddPhysicalDevice(device, force));
        }

        if (useMaximumSize)
        {
            _sink.Change($"Growing the data of pool '{name}' over the free extents of volume "
                + $"group '{lvm.VolumeGroup}'.");
            _ = lvm.UseMaximumSize();
        }

        return Describe(session);
    }

    private ThinPoolInfo CreateLvmPool(PoolCreateOptions options)
    {
        PoolRules.ValidateName("pool", options.Name);
        PoolRules.ValidatePercent("MinFreeSpacePercent", options.MinFreeSpacePercent);
        PoolRules.ValidatePercent("WarningThresholdPercent", options.WarningThresholdPercent);
        if (options.LvmSetup is { } settings)
        {
            _ = LvmArguments(options.Name, () => { settings.Validate(); return settings; });
        }

        RequireKernel(options.Name);
        string directory = System.IO.Path.GetFullPath(options.Path);
        CheckNameAndDirectoryFree(options, directory);

        LvmCommandRunner runner = LvmRunner();
        LvmThinPool lvm = options.LvmSetup is { } setup
            ? new LvmThinPoolSetup(runner).Create(setup)
            : LvmArguments(options.Name, () => Adopt(runner, options.LvmAdopt!, options.Force));
        bool createdDirectory = !Directory.Exists(directory);
        try
        {
            if (options.LvmSetup is not null && options.WhenFull == WhenFullAction.Error)
            {
                runner.RunLvm("lvchange", "--errorwhenfull", "y", lvm.FullName);
            }

            PoolDescriptor descriptor = DescribeLvm(lvm, options, runner);
            Directory.CreateDirectory(directory);
            using PoolLock poolLock = PoolLock.Acquire(directory, options.Name, true, _sink);
            PoolDescriptorStore.DiscardPending(directory);
            PoolDescriptorStore.WriteCommitted(directory, descriptor);
            _sink.Change($"Wrote the pool record '{PoolDescriptorStore.PathOf(directory)}'.");
            Registry.Register(options.Name, directory);
            _sink.Change($"Registered pool '{options.Name}' in '{Registry.Directory}'.");
        }
        catch (Exception e) when (e is ThinPoolException or IOException
            or UnauthorizedAccessException)
        {
            if (options.LvmSetup is not null)
            {
                // Leave no half-made pool: what the guide's steps built goes again.
                _sink.Change($"Removing the LVM pool '{lvm.FullName}' again: {e.Message}");
                try
                {
                    lvm.Remove(removeVolumeGroup: true, force: true);
                }
                catch (LvmException undo)
                {
                    _sink.Warning($"Could not remove '{lvm.FullName}': {undo.Message}");
                }
            }

            if (createdDirectory && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            throw;
        }

        return GetPool(options.Name);
    }

    /// <summary>
    /// Adopts an LVM pool. Whether it is in use can only be seen while it is active, so an
    /// inactive pool is activated for the check, and deactivated again when it is refused.
    /// </summary>
    private LvmThinPool Adopt(LvmCommandRunner runner, LvmPoolReference pool, bool force)
    {
        // Finding the pool first, quietly: its in-use check follows once it is active.
        var quiet = new LvmCommandRunner(Processes);
        LvmThinPool found = pool.DevicePath is { } device
            ? LvmThinPool.Adopt(quiet, device, force: true)
            : LvmThinPool.Adopt(quiet, pool.VolumeGroup!, pool.LogicalVolume!, force: true);
        if (found.Read().IsActive)
        {
            return Recheck();
        }

        runner.RunLvm("lvchange", "-ay", found.FullName);
        try
        {
            return Recheck();
        }
        catch (LvmRefusedException)
        {
            runner.RunLvm("lvchange", "-an", found.FullName);
            throw;
        }

        LvmThinPool Recheck() =>
            LvmThinPool.Adopt(runner, found.VolumeGroup, found.LogicalVolume, force);
    }

    /// <summary>The record of an LVM pool: its settings are read back from the kernel's
    /// table, since lvm chose the chunk size, low water mark and features.</summary>
    private PoolDescriptor DescribeLvm(LvmThinPool lvm, PoolCreateOptions options,
        LvmCommandRunner runner)
    {
        using DmControl dm = DmControl.Open();
        var probe = new PoolDescriptor
        {
            Name = options.Name, Mode = PoolMode.Lvm, VolumeGroup = lvm.VolumeGroup,
            LogicalVolume = lvm.LogicalVolume,
            KernelName = lvm.DeviceMapperName == options.Name ? null : lvm.DeviceMapperName,
        };
        KernelThinPool? pool = PoolBackends.FindPool(dm, probe);
        if (pool is null)
        {
            runner.RunLvm("lvchange", "-ay", lvm.FullName);
            pool = PoolBackends.FindPool(dm, probe) ?? throw PoolBackends.LvmNotActive(probe);
        }

        ThinPoolTable table = pool.GetTable();
        ThinPoolTargetStatus status = pool.GetStatus();
        probe.BlockBytes = table.DataBlockSizeSectors * 512L;
        probe.LowWaterMarkBlocks = table.LowWaterMarkBlocks;
        probe.WhenFull = table.Features.HasFlag(ThinPoolFeatures.ErrorIfNoSpace)
            ? WhenFullAction.Error : WhenFullAction.Queue;
        probe.ZeroNewBlocks = !table.Features.HasFlag(ThinPoolFeatures.SkipBlockZeroing);
        probe.DiscardPassdown = !table.Features.HasFlag(ThinPoolFeatures.NoDiscardPassdown);
        probe.MinFreeSpacePercent = options.MinFreeSpacePercent;
        probe.WarningThresholdPercent = options.WarningThresholdPercent;
        probe.Created = DateTimeOffset.Now;
        probe.DataFile = "/dev/mapper/" + lvm.DeviceMapperName + "_tdata";
        probe.MetadataFile = "/dev/mapper/" + lvm.DeviceMapperName + "_tmeta";
        probe.TransactionId = status.TransactionId;
        return probe;
    }

    /// <summary>Activates an LVM pool with lvchange; an active one is left as it is.</summary>
    private void MountLvmPool(string name, string directory, PoolDescriptor descriptor)
    {
        using PoolLock poolLock = PoolLock.Acquire(directory, name, true, _sink);
        if (PoolBackends.TryOpenActive(directory, descriptor) is { } live)
        {
            live.Dispose();
            _sink.Query($"Pool '{name}' is already active.");
            return;
        }

        _sink.Change($"Activating LVM pool '{name}' ({LvmOf(descriptor).FullName}).");
        LvmRunner().RunLvm("lvchange", "-ay", LvmOf(descriptor).FullName);
    }

    /// <summary>
    /// An LVM pool that could not be opened because lvm has not activated it, as lvm reports
    /// it (sizes from lvs); null when the pool is not an LVM pool.
    /// </summary>
    private ThinPoolInfo? DescribeInactiveLvm(string directory)
    {
        PoolDescriptor descriptor = PoolDescriptorStore.Read(directory);
        if (descriptor.Mode != PoolMode.Lvm)
        {
            return null;
        }

        LvmLogicalVolume lv = LvmOf(descriptor).Read();
        return new ThinPoolInfo(descriptor, directory, lv.SizeBytes, lv.MetadataSizeBytes ?? 0,
            PoolState.Inactive);
    }

    /// <summary>Grows an LVM pool's data or metadata LV by the difference, with lvextend.</summary>
    private void GrowLvm(PoolDescriptor descriptor, bool data, long from, long to)
    {
        LvmThinPool lvm = LvmOf(descriptor);
        _ = data ? lvm.ExtendData(to - from) : lvm.ExtendMetadata(to - from);
    }

    /// <summary>Runs LVM-layer work whose argument checks throw <see cref="ArgumentException"/>,
    /// turning those into the refusal a cmdlet reports (nothing has run yet when they
    /// throw).</summary>
    private static T LvmArguments<T>(string target, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (ArgumentException e)
        {
            PoolErrorReason reason = e.ParamName switch
            {
                nameof(LvmThinPoolOptions.ChunkSizeBytes) => PoolErrorReason.InvalidBlockSize,
                nameof(LvmThinPoolOptions.Name) or nameof(LvmThinPoolOptions.VolumeGroup)
                    or nameof(LvmThinPoolOptions.LogicalVolume) or "volumeGroup"
                    or "logicalVolume" => PoolErrorReason.InvalidName,
                nameof(LvmThinPoolOptions.PhysicalDevices) or "device" or "devicePath" =>
                    PoolErrorReason.InvalidDevice,
                _ => PoolErrorReason.InvalidSize,
            };
            throw new PoolOperationException(reason, target, e.Message, e);
        }
    }

    private LvmThinPool RequireLvm(PoolDescriptor descriptor, string what) =>
        descriptor.Mode == PoolMode.Lvm ? LvmOf(descriptor)
            : throw new PoolOperationException(PoolErrorReason.WrongMode, descriptor.Name,
                $"{what} apply to LVM pools; pool '{descriptor.Name}' is in "
                + $"{descriptor.Mode} mode. Grow it with -DataSize instead.");

    private LvmThinPool LvmOf(PoolDescriptor descriptor) =>
        LvmThinPool.Trusted(LvmRunner(), descriptor.VolumeGroup!, descriptor.LogicalVolume!);

    private LvmCommandRunner LvmRunner() =>
        new(Processes, new DelegateLvmSink(_sink.Change, _sink.Query, _sink.Warning));
}
