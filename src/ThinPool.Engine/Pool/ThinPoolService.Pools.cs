using System.Globalization;

namespace ThinPool.Engine.Pool;

public sealed partial class ThinPoolService
{
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
        try
        {
            using PoolSession session = OpenSession(name, writable: false);
            return Describe(session);
        }
        catch (PoolOperationException e) when (e.Reason == PoolErrorReason.PoolNotActive)
        {
            // Only an LVM pool cannot be opened inactive; lvs still knows its sizes.
            if (DescribeInactiveLvm(ResolveDirectory(name)) is { } inactive)
            {
                return inactive;
            }

            throw;
        }
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

        try
        {
            using (PoolSession.Open(directory, descriptor.Name, writable: true, _sink))
            {
                // Opening validates the metadata and settles a record left pending by a crash.
            }
        }
        catch (PoolOperationException e) when (e.Reason == PoolErrorReason.PoolNotActive
            && descriptor.Mode == PoolMode.Lvm)
        {
            // An inactive LVM pool cannot be opened without activating it, which adopting does
            // not do: its record is registered as it is, and checked when it is next used.
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
        File.Delete(System.IO.Path.Combine(directory, PoolLock.SnapshotFileName));
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
