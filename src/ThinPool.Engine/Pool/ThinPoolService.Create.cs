namespace ThinPool.Engine.Pool;

// Creating a pool on files or devices (LVM pools: ThinPoolService.Lvm.cs).
public sealed partial class ThinPoolService
{
    /// <summary>
    /// Creates a pool: the directory, sparse data and metadata files (mode 0600), formatted
    /// metadata, <c>pool.json</c>, and the registry record.
    /// </summary>
    /// <param name="options">The pool to create.</param>
    /// <returns>The new pool.</returns>
    /// <exception cref="PoolOperationException">A name, size or block size is invalid, or a
    /// pool or non-empty file is in the way and <see cref="PoolCreateOptions.Force"/> is not
    /// set.</exception>
    public ThinPoolInfo CreatePool(PoolCreateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LvmSetup is not null || options.LvmAdopt is not null)
        {
            return CreateLvmPool(options);
        }

        options = ResolveDevices(options);
        ValidateCreate(options);
        string directory = System.IO.Path.GetFullPath(options.Path);
        long dataBytes = options.ResolvedDataBytes;
        long metadataBytes = options.ResolvedMetadataBytes;
        PoolMode mode = ResolveMode(options);
        var descriptor = new PoolDescriptor
        {
            Name = options.Name,
            Mode = mode,
            BlockBytes = options.BlockSizeBytes,
            LowWaterMarkBlocks = options.LowWaterMarkBlocks
                ?? (ulong)Math.Max(1, dataBytes / options.BlockSizeBytes / 100),
            WhenFull = options.WhenFull,
            MinFreeSpacePercent = options.MinFreeSpacePercent,
            WarningThresholdPercent = options.WarningThresholdPercent,
            Created = DateTimeOffset.Now,
            ZeroNewBlocks = options.ZeroNewBlocks,
            DiscardPassdown = options.DiscardPassdown,
        };
        if (mode == PoolMode.Direct)
        {
            descriptor.DataFile = options.DataDevice!;
            descriptor.MetadataFile = options.MetadataDevice!;
        }

        if (KilledCreation.RecordedNotRegistered(directory, options.Name, Registry))
        {
            // A killed run wrote the record but did not register it: finish that run.
            Registry.Register(options.Name, directory);
            KilledCreation.Clear(directory);
            _sink.Change($"Registered pool '{options.Name}', which an interrupted New-ThinPool "
                + $"had made in '{directory}'.");
            return GetPool(options.Name);
        }

        bool resuming = KilledCreation.Left(directory, options.Name);
        CheckNothingInTheWay(options, directory, descriptor, resuming);

        bool createdDirectory = !Directory.Exists(directory);
        Directory.CreateDirectory(directory);
        using PoolLock poolLock = PoolLock.Acquire(directory, options.Name, true, _sink);
        if (resuming)
        {
            _sink.Change($"'{directory}' holds what an interrupted New-ThinPool of '{options.Name}' "
                + "left; it is made again.");
            KilledCreation.TearDown(directory, descriptor, _sink);
        }

        _sink.Change(mode == PoolMode.Direct
            ? $"Formatting metadata on '{descriptor.MetadataFile}' for data on "
                + $"'{descriptor.DataFile}' ({dataBytes} bytes)."
            : $"Creating data file '{descriptor.DataFile}' ({dataBytes} bytes, sparse) "
                + $"and metadata file '{descriptor.MetadataFile}' ({metadataBytes} bytes) in "
                + $"'{directory}'.");
        _sink.Progress($"Formatting metadata of pool '{options.Name}'", 0, 1);
        try
        {
            KilledCreation.Mark(directory, options.Name);
            using IPoolBackend backend = PoolBackends.Create(descriptor, directory, dataBytes,
                metadataBytes, overwrite: options.Force || resuming);
            descriptor.TransactionId = backend.ReadUsage().TransactionId;
            PoolDescriptorStore.DiscardPending(directory);
            PoolDescriptorStore.WriteCommitted(directory, descriptor);
            _sink.Change($"Wrote the pool record '{PoolDescriptorStore.PathOf(directory)}'.");
            Registry.Register(options.Name, directory);
            _sink.Change($"Registered pool '{options.Name}' in '{Registry.Directory}'.");
            KilledCreation.Clear(directory);
            return new ThinPoolInfo(descriptor, directory, dataBytes, metadataBytes,
                backend.State);
        }
        catch when (!options.Force && mode != PoolMode.Direct)
        {
            // Leave nothing behind: the files were absent, empty or a killed run's before.
            File.Delete(System.IO.Path.Combine(directory, descriptor.DataFile));
            File.Delete(System.IO.Path.Combine(directory, descriptor.MetadataFile));
            KilledCreation.Clear(directory);
            if (createdDirectory)
            {
                File.Delete(System.IO.Path.Combine(directory, PoolLock.FileName));
                File.Delete(System.IO.Path.Combine(directory, PoolLock.SnapshotFileName));
                Directory.Delete(directory);
            }

            throw;
        }
        finally
        {
            _sink.Progress($"Formatting metadata of pool '{options.Name}'", 1, 1);
        }
    }

    /// <summary>
    /// Direct mode takes its sizes from the devices: all of the data device, all of the
    /// metadata device up to the format's maximum.
    /// </summary>
    private static PoolCreateOptions ResolveDevices(PoolCreateOptions options)
    {
        if (options.DataDevice is null && options.MetadataDevice is null)
        {
            return options;
        }

        if (options.DataDevice is null || options.MetadataDevice is null
            || options.Mode is PoolMode mode && mode != PoolMode.Direct)
        {
            throw new PoolOperationException(PoolErrorReason.InvalidSize, options.Name,
                "A direct pool needs both -DataDevice and -MetadataDevice, and cannot be "
                + "-Offline: its devices are run by the kernel.");
        }

        if (!PoolBackends.Kernel.IsSupported)
        {
            throw PoolBackends.KernelMissing(options.Name);
        }

        string data = PoolBackends.ResolveDevice(options.DataDevice);
        string metadata = PoolBackends.ResolveDevice(options.MetadataDevice);
        foreach (string device in new[] { data, metadata })
        {
            if (!Kernel.BlockDeviceControl.IsBlockDevice(device))
            {
                throw new PoolOperationException(PoolErrorReason.FileNotFound, device,
                    $"'{device}' is not a block device. Give -DataDevice and -MetadataDevice "
                    + "as block devices (for example /dev/sdb), or create a pool on files with "
                    + "-Path alone.");
            }
        }

        long metadataBytes = Math.Min(PoolRules.MaxMetadataBytes,
            (long)Kernel.BlockDeviceSize.Sectors(metadata) * 512);
        return new PoolCreateOptions
        {
            Name = options.Name, Path = options.Path,
            DataSizeBytes = (long)Kernel.BlockDeviceSize.Sectors(data) * 512,
            MetadataSizeBytes = metadataBytes / PoolRules.MetadataBlockBytes
                * PoolRules.MetadataBlockBytes,
            BlockSizeBytes = options.BlockSizeBytes,
            LowWaterMarkBlocks = options.LowWaterMarkBlocks, WhenFull = options.WhenFull,
            MinFreeSpacePercent = options.MinFreeSpacePercent,
            WarningThresholdPercent = options.WarningThresholdPercent,
            Mode = PoolMode.Direct, Force = options.Force, DataDevice = options.DataDevice,
            MetadataDevice = options.MetadataDevice, ZeroNewBlocks = options.ZeroNewBlocks,
            DiscardPassdown = options.DiscardPassdown,
        };
    }

    private static void ValidateCreate(PoolCreateOptions options)
    {
        PoolRules.ValidateName("pool", options.Name);
        PoolRules.ValidateBlockSize(options.BlockSizeBytes);
        if (options.Mode is PoolMode mode && !PoolBackends.IsAvailable(mode))
        {
            throw PoolBackends.KernelMissing(options.Name);
        }

        PoolRules.ValidatePercent("MinFreeSpacePercent", options.MinFreeSpacePercent);
        PoolRules.ValidatePercent("WarningThresholdPercent", options.WarningThresholdPercent);
        if (options.DataSizeBytes < options.BlockSizeBytes)
        {
            throw new PoolOperationException(PoolErrorReason.InvalidSize, options.Name,
                $"The data size ({options.DataSizeBytes} bytes) is smaller than one block "
                + $"({options.BlockSizeBytes} bytes). Give a larger -DataSize.");
        }

        long metadata = options.ResolvedMetadataBytes;
        if (metadata < PoolRules.MinMetadataBytes || metadata % PoolRules.MetadataBlockBytes != 0)
        {
            throw new PoolOperationException(PoolErrorReason.InvalidSize, options.Name,
                $"The metadata size ({metadata} bytes) must be a multiple of 4 KiB and at "
                + "least 2 MiB.");
        }

        if (metadata > PoolRules.MaxMetadataBytes)
        {
            throw MetadataTooLarge(options.Name, metadata);
        }

        ulong blocks = (ulong)(options.ResolvedDataBytes / options.BlockSizeBytes);
        if (options.LowWaterMarkBlocks >= blocks)
        {
            throw new PoolOperationException(PoolErrorReason.InvalidSize, options.Name,
                $"The low water mark ({options.LowWaterMarkBlocks} blocks) must be below the "
                + $"pool's {blocks} data blocks.");
        }
    }

    private PoolMode ResolveMode(PoolCreateOptions options)
    {
        if (options.Mode is PoolMode mode)
        {
            return mode;
        }

        if (options.DataDevice is not null)
        {
            return PoolMode.Direct;
        }

        if (PoolBackends.IsAvailable(PoolMode.Loop))
        {
            return PoolMode.Loop;
        }

        _sink.Change($"The kernel backend is not available here; pool '{options.Name}' is "
            + "created offline (its files are worked on in user space).");
        return PoolMode.Offline;
    }

    private void CheckNothingInTheWay(PoolCreateOptions options, string directory,
        PoolDescriptor descriptor, bool resuming)
    {
        CheckNameAndDirectoryFree(options, directory);
        if (resuming)
        {
            return; // The files and devices in the way are the interrupted run's own.
        }

        if (descriptor.Mode == PoolMode.Direct)
        {
            var probe = new Lvm.SignatureProbe(new Lvm.LvmCommandRunner(Processes));
            _ = probe.RequireClean(options.DataDevice!, options.Force);
            _ = probe.RequireClean(options.MetadataDevice!, options.Force);
            return;
        }

        foreach (string file in new[] { descriptor.DataFile, descriptor.MetadataFile })
        {
            var info = new FileInfo(System.IO.Path.Combine(directory, file));
            if (info.Exists && info.Length > 0 && !options.Force)
            {
                throw new PoolOperationException(PoolErrorReason.PoolFilesNotEmpty,
                    info.FullName, $"'{info.FullName}' exists and is not empty. Choose "
                    + "another directory, or use -Force to overwrite it.");
            }
        }
    }

    /// <summary>Refuses a pool name already registered, or a directory already holding a
    /// pool, unless forced.</summary>
    private void CheckNameAndDirectoryFree(PoolCreateOptions options, string directory)
    {
        string? known = Registry.Find(options.Name);
        if (known is not null && PoolDescriptorStore.Exists(known) && !options.Force)
        {
            throw new PoolOperationException(PoolErrorReason.PoolExists, options.Name,
                $"A thin pool named '{options.Name}' already exists in '{known}'. Choose "
                + "another name, remove it with Remove-ThinPool, or use -Force to replace it.");
        }

        if (PoolDescriptorStore.Exists(directory) && !options.Force)
        {
            throw new PoolOperationException(PoolErrorReason.PoolExists, directory,
                $"'{directory}' already holds a thin pool. Adopt it with Get-ThinPool -Path, "
                + "choose another directory, or use -Force to replace it.");
        }
    }
}
