using System.Globalization;

namespace ThinPool.Engine.Pool;

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
                Directory.Delete(directory);
            }

            throw;
        }
        finally
        {
            _sink.Progress($"Formatting metadata of pool '{options.Name}'", 1, 1);
        }
    }

    /// <summary>Every registered pool, by name. A pool whose directory is gone or whose
    /// metadata cannot be read is reported as a warning and skipped.</summary>
    /// <returns>The pools.</returns>
    public IReadOnlyList<ThinPoolInfo> GetPools()
    {
        var result = new List<ThinPoolInfo>();
        foreach (KeyValuePair<string, string> entry in Registry.List())
        {
            if (!PoolDescriptorStore.Exists(entry.Value))
            {
                _sink.Warning($"Thin pool '{entry.Key}' is registered at '{entry.Value}', but "
                    + "that directory holds no pool; skipped.");
                continue;
            }

            try
            {
                result.Add(GetPool(entry.Key));
            }
            catch (ThinPoolException e)
            {
                _sink.Warning($"Thin pool '{entry.Key}' cannot be read: {e.Message}");
            }
        }

        return result;
    }

    /// <summary>One registered pool.</summary>
    /// <param name="name">The pool name.</param>
    /// <returns>The pool.</returns>
    public ThinPoolInfo GetPool(string name)
    {
        if (DescribeInactiveLvm(ResolveDirectory(name)) is { } inactive)
        {
            return inactive;
        }

        using PoolSession session = OpenSession(name, writable: false);
        return Describe(session);
    }

    /// <summary>
    /// Registers the pool found in <paramref name="path"/> (its <c>pool.json</c> names it),
    /// and returns it. Adopting a pool that is already registered there changes nothing.
    /// </summary>
    /// <param name="path">A pool directory.</param>
    /// <returns>The pool.</returns>
    /// <exception cref="PoolOperationException">No pool is there, or its name is registered
    /// for another directory.</exception>
    public ThinPoolInfo AdoptPool(string path)
    {
        string directory = System.IO.Path.GetFullPath(path);
        PoolDescriptor descriptor = PoolDescriptorStore.Read(directory);
        string? known = Registry.Find(descriptor.Name);
        if (known is not null && !string.Equals(known, directory, StringComparison.Ordinal)
            && PoolDescriptorStore.Exists(known))
        {
            throw new PoolOperationException(PoolErrorReason.PoolExists, descriptor.Name,
                $"The pool in '{directory}' is named '{descriptor.Name}', but that name is "
                + $"registered for '{known}'. Remove that record with Remove-ThinPool first.");
        }

        // An inactive LVM pool cannot be opened without activating it, which adopting does
        // not do: its record is registered as it is, and checked when it is next used.
        if (DescribeInactiveLvm(directory) is null)
        {
            using (PoolSession.Open(directory, descriptor.Name, writable: true, _sink))
            {
                // Opening validates the metadata and settles a record left pending by a crash.
            }
        }

        if (known != directory)
        {
            Registry.Register(descriptor.Name, directory);
            _sink.Change($"Registered pool '{descriptor.Name}' found in '{directory}'.");
        }

        return GetPool(descriptor.Name);
    }

    /// <summary>
    /// Grows the pool's data and/or metadata. A size equal to the current one does nothing; a
    /// smaller one is refused.
    /// </summary>
    /// <param name="name">The pool name.</param>
    /// <param name="dataSizeBytes">The new data size (rounded down to whole blocks), or null.</param>
    /// <param name="metadataSizeBytes">The new metadata size (rounded down to 4 KiB), or null.</param>
    /// <returns>The resized pool.</returns>
    public ThinPoolInfo ResizePool(string name, long? dataSizeBytes, long? metadataSizeBytes)
    {
        using PoolSession session = OpenSession(name, writable: true);
        PoolUsage usage = session.Backend.ReadUsage();
        long currentData = (long)usage.DataBlocks * usage.BlockBytes;
        long currentMetadata = (long)usage.MetadataBlocks * PoolRules.MetadataBlockBytes;
        long? newData = dataSizeBytes / usage.BlockBytes * usage.BlockBytes;
        long? newMetadata = metadataSizeBytes / PoolRules.MetadataBlockBytes
            * PoolRules.MetadataBlockBytes;
        CheckGrow(name, "data", newData, currentData);
        CheckGrow(name, "metadata", newMetadata, currentMetadata);
        if (newMetadata > PoolRules.MaxMetadataBytes)
        {
            throw MetadataTooLarge(name, newMetadata.Value);
        }

        if (!(newData > currentData) && !(newMetadata > currentMetadata))
        {
            _sink.Change($"Pool '{name}' already has the sizes asked for; nothing to grow.");
            return Describe(session);
        }

        try
        {
            if (newData > currentData)
            {
                _sink.Change($"Growing the data of pool '{name}' from {currentData} to {newData} "
                    + "bytes.");
                if (session.Descriptor.Mode == PoolMode.Lvm)
                {
                    GrowLvm(session.Descriptor, data: true, currentData, newData.Value);
                }
                else
                {
                    session.Backend.GrowData(newData.Value);
                }
            }

            if (newMetadata > currentMetadata)
            {
                _sink.Change($"Growing the metadata of pool '{name}' from {currentMetadata} to "
                    + $"{newMetadata} bytes.");
                if (session.Descriptor.Mode == PoolMode.Lvm)
                {
                    GrowLvm(session.Descriptor, data: false, currentMetadata, newMetadata.Value);
                }
                else
                {
                    session.Backend.GrowMetadata(newMetadata.Value);
                }
            }

            session.Backend.Commit();
        }
        catch
        {
            session.Backend.Abort();
            throw;
        }

        return Describe(session);
    }

    /// <summary>
    /// Deactivates a pool that is active in the kernel (its volume devices, then the pool
    /// and its loops) and forgets it; with <paramref name="deleteFiles"/> deletes its files.
    /// A volume device that is open stops it before anything changes. An LVM pool's LV is
    /// deactivated with lvchange; with <paramref name="deleteFiles"/> lvm removes it, and its
    /// volume group and physical volumes when nothing else is left in them.
    /// </summary>
    /// <param name="name">The pool name.</param>
    /// <param name="deleteFiles">Delete the data, metadata, record and lock files too (and
    /// the directory when it is then empty); for an LVM pool, remove the pool LV.</param>
    public void RemovePool(string name, bool deleteFiles)
    {
        string? directory = Registry.Find(name)
            ?? throw new PoolOperationException(PoolErrorReason.PoolNotFound, name,
                $"No thin pool named '{name}' is known. List pools with Get-ThinPool.");
        if (PoolDescriptorStore.Exists(directory))
        {
            using PoolLock poolLock = PoolLock.Acquire(directory, name, true, _sink);
            PoolDescriptor descriptor = PoolDescriptorStore.Read(directory);
            DeactivateForRemoval(directory, descriptor);
            if (deleteFiles && descriptor.Mode == PoolMode.Lvm)
            {
                _sink.Change($"Removing the LVM pool '{LvmOf(descriptor).FullName}'.");
                LvmOf(descriptor).Remove(removeVolumeGroup: true, force: false);
            }

            if (deleteFiles)
            {
                DeletePoolFiles(directory, descriptor);
            }
        }

        Registry.Unregister(name);
        _sink.Change($"Removed pool '{name}' from the registry '{Registry.Directory}'.");
        if (deleteFiles && Directory.Exists(directory)
            && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
        }
    }

    /// <summary>Deletes a pool's files and its record; a direct pool's devices stay.</summary>
    private void DeletePoolFiles(string directory, PoolDescriptor descriptor)
    {
        // A direct or LVM pool's data and metadata are block devices: never unlink their nodes.
        string[] files = descriptor.OnDevices
            ? [PoolDescriptorStore.PendingFileName, PoolDescriptorStore.FileName,
                KilledCreation.FileName]
            :
            [
                descriptor.DataFile, descriptor.MetadataFile,
                PoolDescriptorStore.PendingFileName, PoolDescriptorStore.FileName,
                KilledCreation.FileName,
            ];
        foreach (string file in files)
        {
            string path = System.IO.Path.Combine(directory, file);
            if (File.Exists(path))
            {
                _sink.Change($"Deleting '{path}'.");
                File.Delete(path);
            }
        }

        File.Delete(System.IO.Path.Combine(directory, PoolLock.FileName));
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

    private static void CheckGrow(string pool, string what, long? wanted, long current)
    {
        if (wanted < current)
        {
            throw new PoolOperationException(PoolErrorReason.ShrinkNotSupported, pool,
                $"The {what} of pool '{pool}' cannot shrink from {current} to {wanted} bytes; "
                + $"pools only grow. Give a {what} size of at least {current} bytes.");
        }
    }

    private static PoolOperationException MetadataTooLarge(string pool, long bytes) =>
        new(PoolErrorReason.MetadataTooLarge, pool,
            $"A metadata size of {bytes} bytes exceeds the format's maximum of "
            + $"{PoolRules.MaxMetadataBytes.ToString(CultureInfo.InvariantCulture)} bytes "
            + "(about 15.9 GiB). Use a larger -BlockSize or a smaller size.");
}
