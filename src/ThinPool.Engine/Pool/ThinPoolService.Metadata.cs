using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Pool;

public sealed partial class ThinPoolService
{
    /// <summary>
    /// Checks a pool in full: the metadata checker (checksums, trees, every metadata and data
    /// reference count), then, when the metadata is sound, the names: every record must point
    /// at a device, and every device should have a name.
    /// </summary>
    /// <param name="name">The pool name.</param>
    /// <returns>The report.</returns>
    public ThinCheckReport CheckPool(string name)
    {
        string directory = ResolveDirectory(name);
        using PoolLock poolLock = PoolLock.Acquire(directory, name, exclusive: false, _sink);
        PoolDescriptor descriptor = PoolDescriptorStore.Read(directory);
        string metadataPath = System.IO.Path.Combine(directory, descriptor.MetadataFile);
        string activity = $"Checking the metadata of pool '{name}'";
        _sink.Progress(activity, 0, 1);
        CheckReport report;
        try
        {
            using FileBlockDevice device = FileBlockDevice.Open(metadataPath, readOnly: true);
            report = MetadataChecker.Check(device);
        }
        finally
        {
            _sink.Progress(activity, 1, 1);
        }

        var findings = new List<CheckFinding>();
        if (!report.HasFatal)
        {
            CheckNames(directory, descriptor, report.TransactionId, findings);
        }

        return new ThinCheckReport(name, metadataPath, report, findings);
    }

    /// <summary>Writes a pool's metadata as thin_dump XML.</summary>
    /// <param name="name">The pool name.</param>
    /// <param name="writer">Where the XML goes; not closed.</param>
    /// <param name="metadataSnapshot">Dump the held metadata snapshot instead of the live
    /// metadata, as <c>thin_dump -m</c>.</param>
    public void ExportMetadata(string name, TextWriter writer, bool metadataSnapshot)
    {
        string directory = ResolveDirectory(name);
        using PoolLock poolLock = PoolLock.Acquire(directory, name, exclusive: false, _sink);
        PoolDescriptor descriptor = PoolDescriptorStore.Read(directory);
        string metadataPath = System.IO.Path.Combine(directory, descriptor.MetadataFile);
        _sink.Query($"Dumping '{metadataPath}'.");
        using FileBlockDevice device = FileBlockDevice.Open(metadataPath, readOnly: true);
        ThinXml.Export(device, writer, metadataSnapshot);
    }

    /// <summary>
    /// Replaces a pool's metadata with thin_dump XML. The document is restored into a new
    /// file beside the metadata and checked against the pool (block size, data size) before
    /// it replaces anything. Volume records whose device is gone are dropped; devices without
    /// a record get the name <c>device&lt;id&gt;</c>.
    /// </summary>
    /// <param name="name">The pool name.</param>
    /// <param name="reader">The XML document.</param>
    /// <returns>The pool after the import.</returns>
    public ThinPoolInfo ImportMetadata(string name, TextReader reader)
    {
        string directory = ResolveDirectory(name);
        using (PoolLock.Acquire(directory, name, exclusive: true, _sink))
        {
            PoolDescriptor descriptor = PoolDescriptorStore.Read(directory);
            RefuseIfActive(directory, descriptor, "Import its metadata");
            string metadataPath = System.IO.Path.Combine(directory, descriptor.MetadataFile);
            string dataPath = System.IO.Path.Combine(directory, descriptor.DataFile);
            string staging = metadataPath + ".import";
            long length = new FileInfo(metadataPath).Length;
            _sink.Change($"Restoring metadata of pool '{name}' into '{staging}'.");
            try
            {
                PoolDescriptor updated;
                using (FileBlockDevice device = FileBlockDevice.Create(staging, length, true))
                using (ThinMetadata metadata = ThinXml.Import(reader, device))
                {
                    CheckImportFits(descriptor, metadata, new FileInfo(dataPath).Length);
                    updated = AdoptDevices(descriptor, metadata);
                }

                File.Move(staging, metadataPath, overwrite: true);
                _sink.Change($"Replaced '{metadataPath}'; the pool is at transaction "
                    + $"{updated.TransactionId} with {updated.Volumes.Count} volumes.");
                PoolDescriptorStore.DiscardPending(directory);
                PoolDescriptorStore.WriteCommitted(directory, updated);
            }
            finally
            {
                File.Delete(staging);
            }
        }

        return GetPool(name);
    }

    /// <summary>
    /// Refuses work that replaces a pool's files under the kernel: the running pool would go
    /// on with its own idea of the metadata and overwrite ours at its next commit.
    /// </summary>
    private static void RefuseIfActive(string directory, PoolDescriptor descriptor, string what)
    {
        if (descriptor.Mode == PoolMode.Lvm)
        {
            throw new PoolOperationException(PoolErrorReason.WrongMode, descriptor.Name,
                $"{what}: pool '{descriptor.Name}' is an LVM pool, whose metadata LV only lvm "
                + "may replace. Use lvconvert --repair, or swap in a metadata LV restored with "
                + "thin_restore (lvconvert --thinpool VG/LV --poolmetadata VG/NEWMETA).");
        }

        if (descriptor.Mode is not (PoolMode.Loop or PoolMode.Direct)
            || PoolBackends.TryOpenActive(directory, descriptor) is not { } live)
        {
            return;
        }

        live.Dispose();
        throw new PoolOperationException(PoolErrorReason.PoolActive, descriptor.Name,
            $"{what}: pool '{descriptor.Name}' is active in the kernel, which would overwrite the "
            + "change at its next commit. Deactivate it with Dismount-ThinPool first.");
    }

    private static void CheckImportFits(PoolDescriptor descriptor, ThinMetadata metadata,
        long dataFileBytes)
    {
        long blockBytes = metadata.DataBlockSizeSectors * 512L;
        if (blockBytes != descriptor.BlockBytes)
        {
            throw new PoolOperationException(PoolErrorReason.MetadataMismatch, descriptor.Name,
                $"The metadata uses {blockBytes}-byte data blocks but pool '{descriptor.Name}' "
                + $"uses {descriptor.BlockBytes}-byte blocks. Import it into a pool created "
                + "with the same -BlockSize.");
        }

        long needed = (long)metadata.DataBlockCount * blockBytes;
        if (needed > dataFileBytes)
        {
            throw new PoolOperationException(PoolErrorReason.MetadataMismatch, descriptor.Name,
                $"The metadata describes {needed} bytes of data but the data file of pool "
                + $"'{descriptor.Name}' holds {dataFileBytes}. Grow the pool with "
                + "Resize-ThinPool -DataSize first.");
        }
    }

    private static PoolDescriptor AdoptDevices(PoolDescriptor descriptor, ThinMetadata metadata)
    {
        PoolDescriptor updated = descriptor.Clone();
        var ids = metadata.Devices.Select(d => d.DeviceId).ToHashSet();
        updated.Volumes.RemoveAll(v => !ids.Contains(v.DeviceId));
        foreach (ThinDeviceInfo device in metadata.Devices)
        {
            if (updated.Volumes.Any(v => v.DeviceId == device.DeviceId))
            {
                continue;
            }

            ulong lastBlock = metadata.GetMappings(device.DeviceId)
                .Select(m => m.VirtualBlock).DefaultIfEmpty(0UL).Max();
            updated.Volumes.Add(new VolumeRecord
            {
                Name = "device" + device.DeviceId,
                DeviceId = device.DeviceId,
                SizeBytes = (long)(lastBlock + 1) * descriptor.BlockBytes,
                Created = DateTimeOffset.Now,
            });
        }

        updated.TransactionId = metadata.TransactionId;
        return updated;
    }

    private void CheckNames(string directory, PoolDescriptor committed, ulong transactionId,
        List<CheckFinding> findings)
    {
        PoolDescriptor descriptor;
        try
        {
            descriptor = PoolDescriptorStore.Reconcile(directory, transactionId, repair: false);
        }
        catch (PoolOperationException e)
        {
            findings.Add(new CheckFinding(null, CheckSeverity.Fatal, e.Message));
            return;
        }

        using FileBlockDevice device = FileBlockDevice.Open(
            System.IO.Path.Combine(directory, committed.MetadataFile), readOnly: true);
        using ThinMetadata metadata = ThinMetadata.Open(device, readOnly: true);
        var ids = metadata.Devices.Select(d => d.DeviceId).ToHashSet();
        foreach (VolumeRecord volume in descriptor.Volumes.Where(v => !ids.Contains(v.DeviceId)))
        {
            findings.Add(new CheckFinding(null, CheckSeverity.Fatal,
                $"Volume '{volume.Name}' names device {volume.DeviceId}, which the metadata "
                + "does not hold."));
        }

        var named = descriptor.Volumes.Select(v => v.DeviceId).ToHashSet();
        foreach (ulong id in ids.Where(id => !named.Contains(id)))
        {
            findings.Add(new CheckFinding(null, CheckSeverity.NonFatal,
                $"Device {id} has no volume name; its blocks cannot be reached by name."));
        }

        _sink.Query($"Checked {descriptor.Volumes.Count} volume names against {ids.Count} devices.");
    }
}
