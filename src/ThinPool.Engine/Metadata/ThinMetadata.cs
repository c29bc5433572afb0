using ThinPool.Engine.IO;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// The kernel's dm-thin pool metadata, read and written in user space: thin devices, their
/// block mappings and both space maps, changed in transactions that <see cref="Commit"/> makes
/// durable in the kernel's crash-safe order. Not thread-safe: one writer at a time.
/// </summary>
public sealed class ThinMetadata : IDisposable
{
    private ThinMetadata()
    {
    }

    /// <summary>Data block size in 512-byte sectors.</summary>
    public uint DataBlockSizeSectors => throw new NotImplementedException();

    /// <summary>Number of data blocks the data space map describes.</summary>
    public ulong DataBlockCount => throw new NotImplementedException();

    /// <summary>Number of data blocks with a reference count above zero.</summary>
    public ulong DataBlocksUsed => throw new NotImplementedException();

    /// <summary>Number of metadata blocks (4 KiB) the metadata space map describes.</summary>
    public ulong MetadataBlockCount => throw new NotImplementedException();

    /// <summary>Number of metadata blocks in use.</summary>
    public ulong MetadataBlocksUsed => throw new NotImplementedException();

    /// <summary>The userspace transaction id (see <see cref="SetTransactionId"/>).</summary>
    public ulong TransactionId => throw new NotImplementedException();

    /// <summary>The pool's snapshot time counter.</summary>
    public uint Time => throw new NotImplementedException();

    /// <summary>Block of the held metadata snapshot, or null when none is held.</summary>
    public ulong? HeldRoot => throw new NotImplementedException();

    /// <summary>True when the NEEDS_CHECK flag is set.</summary>
    public bool NeedsCheck => throw new NotImplementedException();

    /// <summary>True when something changed since the last commit.</summary>
    public bool HasUncommittedChanges => throw new NotImplementedException();

    /// <summary>The thin devices, in ascending id order.</summary>
    public IReadOnlyList<ThinDeviceInfo> Devices => throw new NotImplementedException();

    /// <summary>Formats empty metadata the way the kernel does and commits it.</summary>
    /// <param name="metadata">The metadata device (writable).</param>
    /// <param name="dataBlockSizeSectors">Data block size in sectors.</param>
    /// <param name="dataBlockCount">Data blocks of the pool.</param>
    /// <returns>The open metadata.</returns>
    public static ThinMetadata Format(IBlockDevice metadata, uint dataBlockSizeSectors,
                                      ulong dataBlockCount) => throw new NotImplementedException();

    /// <summary>Opens existing metadata, validating the superblock.</summary>
    /// <param name="metadata">The metadata device.</param>
    /// <param name="readOnly">Refuse every change when true.</param>
    /// <returns>The open metadata.</returns>
    public static ThinMetadata Open(IBlockDevice metadata, bool readOnly = false)
        => throw new NotImplementedException();

    /// <summary>Creates an empty thin device.</summary>
    /// <param name="deviceId">The new device's id.</param>
    public void CreateThin(ulong deviceId) => throw new NotImplementedException();

    /// <summary>Creates a snapshot of an existing device.</summary>
    /// <param name="deviceId">The new device's id.</param>
    /// <param name="originId">The device to snapshot.</param>
    public void CreateSnapshot(ulong deviceId, ulong originId) => throw new NotImplementedException();

    /// <summary>Deletes a thin device.</summary>
    /// <param name="deviceId">The device to delete.</param>
    public void DeleteDevice(ulong deviceId) => throw new NotImplementedException();

    /// <summary>Compare-and-swap of the transaction id.</summary>
    /// <param name="current">The expected current id.</param>
    /// <param name="next">The new id.</param>
    public void SetTransactionId(ulong current, ulong next) => throw new NotImplementedException();

    /// <summary>Reserves a metadata snapshot.</summary>
    public void ReserveMetadataSnapshot() => throw new NotImplementedException();

    /// <summary>Releases the metadata snapshot.</summary>
    public void ReleaseMetadataSnapshot() => throw new NotImplementedException();

    /// <summary>Sets NEEDS_CHECK.</summary>
    public void SetNeedsCheck() => throw new NotImplementedException();

    /// <summary>Looks up a mapping.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="virtualBlock">The virtual block.</param>
    /// <param name="mapping">The mapping when found.</param>
    /// <returns>True when mapped.</returns>
    public bool TryLookup(ulong deviceId, ulong virtualBlock, out BlockMapping mapping)
        => throw new NotImplementedException();

    /// <summary>Prepares a write.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="virtualBlock">The virtual block.</param>
    /// <returns>Where to write.</returns>
    public BlockAllocation Map(ulong deviceId, ulong virtualBlock) => throw new NotImplementedException();

    /// <summary>Discards a block.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="virtualBlock">The virtual block.</param>
    /// <returns>True when it was mapped.</returns>
    public bool Unmap(ulong deviceId, ulong virtualBlock) => throw new NotImplementedException();

    /// <summary>All mappings of a device.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>Mappings in ascending virtual block order.</returns>
    public IEnumerable<BlockMapping> GetMappings(ulong deviceId) => throw new NotImplementedException();

    /// <summary>Inserts a mapping (importers).</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="virtualBlock">The virtual block.</param>
    /// <param name="dataBlock">The data block.</param>
    /// <param name="time">The mapping time.</param>
    public void InsertMapping(ulong deviceId, ulong virtualBlock, ulong dataBlock, uint time)
        => throw new NotImplementedException();

    /// <summary>Creates or overwrites a device's details (importers).</summary>
    /// <param name="device">The details.</param>
    public void RestoreDevice(ThinDeviceInfo device) => throw new NotImplementedException();

    /// <summary>Sets the pool time (importers).</summary>
    /// <param name="time">The time.</param>
    public void SetTime(uint time) => throw new NotImplementedException();

    /// <summary>Grows the data space map.</summary>
    /// <param name="dataBlockCount">New count.</param>
    public void ResizeData(ulong dataBlockCount) => throw new NotImplementedException();

    /// <summary>Grows the metadata space map.</summary>
    /// <param name="metadataBlockCount">New count.</param>
    public void ResizeMetadata(ulong metadataBlockCount) => throw new NotImplementedException();

    /// <summary>Commits.</summary>
    public void Commit() => throw new NotImplementedException();

    /// <summary>Aborts.</summary>
    public void Abort() => throw new NotImplementedException();

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
