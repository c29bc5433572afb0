namespace ThinPool.Engine.Pool;

public sealed partial class ThinPoolService
{
    /// <summary>
    /// Copies a raw image into a volume. A new volume is created, sized to the image (rounded
    /// up to 512 bytes), and only the image's non-zero blocks are written. An existing volume
    /// is overwritten in place: blocks that already hold the same bytes are left alone (so
    /// blocks shared with a snapshot stay shared), changed blocks are written (copy-on-write
    /// where shared), and blocks that are zero in the image are unmapped. The whole import is
    /// one metadata transaction: on failure nothing changes.
    /// </summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="name">The volume name.</param>
    /// <param name="imagePath">The raw image.</param>
    /// <returns>What was written.</returns>
    public ThinVolumeTransfer ImportVolume(string pool, string name, string imagePath)
    {
        PoolRules.ValidateVolumeName(pool, name);
        string path = System.IO.Path.GetFullPath(imagePath);
        if (!File.Exists(path))
        {
            throw new PoolOperationException(PoolErrorReason.FileNotFound, path,
                $"The image '{path}' does not exist. Give the path of a raw image file.");
        }

        using var image = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long imageBytes = image.Length;
        long volumeBytes = Math.Max(512, (imageBytes + 511) / 512 * 512);
        using PoolSession session = OpenSession(pool, writable: true);
        VolumeRecord? existing = session.Descriptor.FindVolume(name);
        if (existing is { ReadOnly: true })
        {
            throw new PoolOperationException(PoolErrorReason.VolumeReadOnly, name,
                $"Volume '{name}' of pool '{pool}' is a read-only snapshot. Import into a "
                + "writable volume, or snapshot it without -ReadOnly.");
        }

        if (existing is null)
        {
            CheckMinFreeSpace(session, name);
        }

        var record = existing?.Clone() ?? new VolumeRecord
        {
            Name = name, DeviceId = NextDeviceId(session), Created = DateTimeOffset.Now,
        };
        record.SizeBytes = Math.Max(record.SizeBytes, volumeBytes);
        ulong usedBefore = session.Backend.ReadUsage().DataBlocksUsed;
        _sink.Change(existing is null
            ? $"Creating volume '{name}' (device {record.DeviceId}, {record.SizeBytes} bytes) "
              + $"from '{path}'."
            : $"Overwriting volume '{name}' (device {record.DeviceId}) from '{path}'.");
        (session.Backend as KernelBackend)?.Announce(record);
        var copy = new BlockCopy(session.Descriptor.BlockBytes);
        string activity = $"Importing '{System.IO.Path.GetFileName(path)}' into '{pool}/{name}'";
        session.ChangeNames(
            d =>
            {
                d.Volumes.RemoveAll(v => v.Name == name);
                d.Volumes.Add(record);
            },
            backend =>
            {
                if (existing is null)
                {
                    backend.CreateThin(record.DeviceId);
                }

                copy.Import(image, imageBytes, backend, record.DeviceId, existing is not null,
                    (done, total) => _sink.Progress(activity, done, total));
            });
        _sink.Progress(activity, 1, 1);
        long allocated = (long)session.Backend.ReadUsage().DataBlocksUsed - (long)usedBefore;
        _sink.Change($"Imported '{path}' into '{pool}/{name}': {copy.Written} blocks written, "
            + $"{copy.Unchanged} unchanged, {copy.Discarded} unmapped, {allocated} data blocks "
            + "allocated.");
        return new ThinVolumeTransfer(TransferDirection.Import, pool, name, path, imageBytes,
            copy.BlockBytes, copy.Written, copy.Unchanged, copy.Discarded, allocated);
    }

    /// <summary>
    /// Writes a volume to a sparse raw image: only its mapped, non-zero blocks are written, so
    /// the file takes no more disk than the volume's data. The image is written beside
    /// <paramref name="imagePath"/> and renamed into place when complete.
    /// </summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="name">The volume name.</param>
    /// <param name="imagePath">Where to write the image.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <returns>What was written.</returns>
    public ThinVolumeTransfer ExportVolume(string pool, string name, string imagePath,
        bool overwrite)
    {
        string path = System.IO.Path.GetFullPath(imagePath);
        OutputFile.CheckTarget(path, overwrite);
        using PoolSession session = OpenSession(pool, writable: false);
        VolumeRecord record = RequireVolume(session, name);
        var copy = new BlockCopy(session.Descriptor.BlockBytes);
        string activity = $"Exporting '{pool}/{name}' to '{System.IO.Path.GetFileName(path)}'";
        _sink.Change($"Writing volume '{pool}/{name}' ({record.SizeBytes} bytes) to '{path}'.");
        try
        {
            OutputFile.Write(path, overwrite, output => copy.Export(session.Backend,
                record.DeviceId, record.SizeBytes, output,
                (done, total) => _sink.Progress(activity, done, total)));
        }
        finally
        {
            _sink.Progress(activity, 1, 1);
        }

        return new ThinVolumeTransfer(TransferDirection.Export, pool, name, path,
            record.SizeBytes, copy.BlockBytes, copy.Written, copy.Unchanged, 0, 0);
    }
}
