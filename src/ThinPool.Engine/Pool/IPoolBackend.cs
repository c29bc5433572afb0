using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Pool;

/// <summary>
/// One open pool as a backend sees it: thin devices by id, their blocks, and the transaction.
/// The offline backend reaches the metadata and data files in user space; a kernel backend
/// (loop, direct, LVM) sends the same requests to a running thin-pool target. Names, records,
/// locks and rules live above this seam, in <see cref="ThinPoolService"/>, so every mode
/// shares them.
/// </summary>
/// <remarks>Changes become durable at <see cref="Commit"/>; <see cref="Abort"/> drops them.</remarks>
internal interface IPoolBackend : IDisposable
{
    PoolMode Mode { get; }

    PoolState State { get; }

    PoolUsage ReadUsage();

    IReadOnlyList<ThinDeviceInfo> Devices { get; }

    void CreateThin(ulong deviceId);

    void CreateSnapshot(ulong deviceId, ulong originId);

    void DeleteDevice(ulong deviceId);

    void SetTransactionId(ulong current, ulong next);

    /// <summary>Grows the data device and its space map to <paramref name="bytes"/>.</summary>
    void GrowData(long bytes);

    /// <summary>Grows the metadata device and its space map to <paramref name="bytes"/>.</summary>
    void GrowMetadata(long bytes);

    /// <summary>The virtual blocks of a device that have data, ascending.</summary>
    IEnumerable<ulong> MappedBlocks(ulong deviceId);

    bool IsMapped(ulong deviceId, ulong virtualBlock);

    void ReadBlock(ulong deviceId, ulong virtualBlock, Span<byte> buffer);

    void WriteBlock(ulong deviceId, ulong virtualBlock, ReadOnlySpan<byte> buffer);

    /// <summary>Unmaps one block, which then reads as zeros.</summary>
    void DiscardBlock(ulong deviceId, ulong virtualBlock);

    void Commit();

    void Abort();
}
