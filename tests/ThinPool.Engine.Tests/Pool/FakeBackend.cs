using ThinPool.Engine.Metadata;
using ThinPool.Engine.Pool;

namespace ThinPool.Engine.Tests.Pool;

/// <summary>
/// A backend that keeps devices and a transaction id in memory, with a committed and a
/// working copy, and can be told to fail at commit (before or after the commit is durable).
/// </summary>
internal sealed class FakeBackend : IPoolBackend
{
    private SortedSet<ulong> _committed = new();
    private SortedSet<ulong> _working = new();
    private ulong _committedTx;
    private ulong _workingTx;

    public bool FailBeforeCommit { get; set; }

    public bool FailAfterCommit { get; set; }

    public PoolMode Mode => PoolMode.Offline;

    public PoolState State => PoolState.Inactive;

    public ulong CommittedTransactionId => _committedTx;

    public IReadOnlyList<ThinDeviceInfo> Devices =>
        _working.Select(id => new ThinDeviceInfo(id, 0, 0, 0, 0)).ToArray();

    public PoolUsage ReadUsage() => new(_workingTx, 65536, 100, 0, 512, 10, null, false);

    public void CreateThin(ulong deviceId) => _working.Add(deviceId);

    public void CreateSnapshot(ulong deviceId, ulong originId) => _working.Add(deviceId);

    public void DeleteDevice(ulong deviceId) => _working.Remove(deviceId);

    public void SetTransactionId(ulong current, ulong next)
    {
        if (current != _workingTx)
        {
            throw new TransactionMismatchException($"expected {current}, found {_workingTx}");
        }

        _workingTx = next;
    }

    public void GrowData(long bytes)
    {
    }

    public void GrowMetadata(long bytes)
    {
    }

    public IEnumerable<ulong> MappedBlocks(ulong deviceId) => Array.Empty<ulong>();

    public bool IsMapped(ulong deviceId, ulong virtualBlock) => false;

    public void ReadBlock(ulong deviceId, ulong virtualBlock, Span<byte> buffer) => buffer.Clear();

    public void WriteBlock(ulong deviceId, ulong virtualBlock, ReadOnlySpan<byte> buffer)
    {
    }

    public void DiscardBlock(ulong deviceId, ulong virtualBlock)
    {
    }

    public void Commit()
    {
        if (FailBeforeCommit)
        {
            throw new IOException("injected failure before the commit");
        }

        _committed = new SortedSet<ulong>(_working);
        _committedTx = _workingTx;
        if (FailAfterCommit)
        {
            throw new IOException("injected failure after the commit");
        }
    }

    public void Abort()
    {
        _working = new SortedSet<ulong>(_committed);
        _workingTx = _committedTx;
    }

    public void Dispose()
    {
    }
}
