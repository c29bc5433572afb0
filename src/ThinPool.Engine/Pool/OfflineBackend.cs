using ThinPool.Engine.Data;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Pool;

/// <summary>
/// The user-space backend: the pool's metadata and data files opened directly, devices changed
/// through <see cref="ThinMetadata"/> and blocks moved through <see cref="ThinDataStore"/>
/// (allocate on write, copy-on-write, data flushed before the metadata commits). Nothing here
/// needs root.
/// </summary>
internal sealed class OfflineBackend : IPoolBackend
{
    private readonly FileBlockDevice _metadataDevice;
    private readonly FileBlockDevice _dataDevice;
    private readonly ThinMetadata _metadata;
    private readonly ThinDataStore _store;
    private readonly long _blockBytes;

    private OfflineBackend(FileBlockDevice metadataDevice, FileBlockDevice dataDevice,
        ThinMetadata metadata, long blockBytes)
    {
        _metadataDevice = metadataDevice;
        _dataDevice = dataDevice;
        _metadata = metadata;
        _blockBytes = blockBytes;
        _store = new ThinDataStore(metadata, dataDevice);
    }

    public PoolMode Mode => PoolMode.Offline;

    public PoolState State => PoolState.Inactive;

    public IReadOnlyList<ThinDeviceInfo> Devices => _metadata.Devices;

    /// <summary>Creates both sparse files (mode 0600) and formats the metadata.</summary>
    public static OfflineBackend Create(string dataPath, string metadataPath, long blockBytes,
        long dataBytes, long metadataBytes, bool overwrite)
    {
        var data = FileBlockDevice.Create(dataPath, dataBytes, overwrite);
        FileBlockDevice? meta = null;
        try
        {
            meta = FileBlockDevice.Create(metadataPath, metadataBytes, overwrite);
            var metadata = ThinMetadata.Format(meta, (uint)(blockBytes / 512),
                (ulong)(dataBytes / blockBytes));
            return new OfflineBackend(meta, data, metadata, blockBytes);
        }
        catch
        {
            meta?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>Formats the metadata on existing block devices (direct mode).</summary>
    public static OfflineBackend Format(string dataPath, string metadataPath, long blockBytes,
        long dataBytes)
    {
        var data = FileBlockDevice.Open(dataPath, readOnly: false);
        FileBlockDevice? meta = null;
        try
        {
            meta = FileBlockDevice.Open(metadataPath, readOnly: false);
            var metadata = ThinMetadata.Format(meta, (uint)(blockBytes / 512),
                (ulong)(dataBytes / blockBytes));
            return new OfflineBackend(meta, data, metadata, blockBytes);
        }
        catch
        {
            meta?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>Opens the files of an existing pool.</summary>
    public static OfflineBackend Open(string dataPath, string metadataPath, bool readOnly)
    {
        var data = FileBlockDevice.Open(dataPath, readOnly);
        FileBlockDevice? meta = null;
        try
        {
            meta = FileBlockDevice.Open(metadataPath, readOnly);
            var metadata = ThinMetadata.Open(meta, readOnly);
            return new OfflineBackend(meta, data, metadata, metadata.DataBlockSizeSectors * 512L);
        }
        catch
        {
            meta?.Dispose();
            data.Dispose();
            throw;
        }
    }

    public PoolUsage ReadUsage() => new(_metadata.TransactionId, _blockBytes,
        _metadata.DataBlockCount, _metadata.DataBlocksUsed, _metadata.MetadataBlockCount,
        _metadata.MetadataBlocksUsed, _metadata.HeldRoot, _metadata.NeedsCheck);

    public void CreateThin(ulong deviceId) => _metadata.CreateThin(deviceId);

    public void CreateSnapshot(ulong deviceId, ulong originId) =>
        _metadata.CreateSnapshot(deviceId, originId);

    public void DeleteDevice(ulong deviceId) => _metadata.DeleteDevice(deviceId);

    public void SetTransactionId(ulong current, ulong next) =>
        _metadata.SetTransactionId(current, next);

    public void GrowData(long bytes)
    {
        // The file grows first: a crash before the commit leaves only unused file space.
        if (bytes > _dataDevice.Length)
        {
            _dataDevice.SetLength(bytes);
        }

        _metadata.ResizeData((ulong)(bytes / _blockBytes));
    }

    public void GrowMetadata(long bytes)
    {
        if (bytes > _metadataDevice.Length)
        {
            _metadataDevice.SetLength(bytes);
        }

        _metadata.ResizeMetadata((ulong)(bytes / PoolRules.MetadataBlockBytes));
    }

    public IEnumerable<ulong> MappedBlocks(ulong deviceId) =>
        _metadata.GetMappings(deviceId).Select(m => m.VirtualBlock);

    public bool IsMapped(ulong deviceId, ulong virtualBlock) =>
        _metadata.TryLookup(deviceId, virtualBlock, out _);

    public void ReadBlock(ulong deviceId, ulong virtualBlock, Span<byte> buffer) =>
        _store.ReadBlock(deviceId, virtualBlock, buffer);

    public void WriteBlock(ulong deviceId, ulong virtualBlock, ReadOnlySpan<byte> buffer) =>
        _store.WriteBlock(deviceId, virtualBlock, buffer);

    public void DiscardBlock(ulong deviceId, ulong virtualBlock) =>
        _store.Discard(deviceId, virtualBlock, 1);

    public void Commit() => _store.Commit();

    public void Abort() => _metadata.Abort();

    public void Dispose()
    {
        _store.Dispose();
        _metadata.Dispose();
        _metadataDevice.Dispose();
        _dataDevice.Dispose();
    }
}
