namespace ThinPool.Engine.Pool;

/// <summary>
/// One pool opened for one operation: its lock, its reconciled descriptor and its backend,
/// released together.
/// </summary>
internal sealed class PoolSession : IDisposable
{
    private PoolSession(string directory, PoolLock poolLock, IPoolBackend backend,
        PoolDescriptor descriptor, bool writable)
    {
        Directory = directory;
        Lock = poolLock;
        Backend = backend;
        Descriptor = descriptor;
        Writable = writable;
    }

    private bool _backendClosed;

    public string Directory { get; }

    public PoolLock Lock { get; }

    public IPoolBackend Backend { get; private set; }

    public PoolDescriptor Descriptor { get; set; }

    public bool Writable { get; }

    public string DataPath => Path.Combine(Directory, Descriptor.DataFile);

    public string MetadataPath => Path.Combine(Directory, Descriptor.MetadataFile);

    public static PoolSession Open(string directory, string name, bool writable, IPoolSink sink)
    {
        PoolLock poolLock = PoolLock.Acquire(directory, name, writable, sink);
        IPoolBackend? backend = null;
        try
        {
            PoolDescriptor committed = PoolDescriptorStore.Read(directory);
            backend = PoolBackends.Open(directory, committed, writable);
            if (writable)
            {
                PoolRecovery.Recover(directory, committed, backend, sink);
            }

            PoolDescriptor descriptor = PoolDescriptorStore.Reconcile(directory,
                backend.ReadUsage().TransactionId, repair: writable);
            return new PoolSession(directory, poolLock, backend, descriptor, writable);
        }
        catch
        {
            backend?.Dispose();
            poolLock.Dispose();
            throw;
        }
    }

    public static PoolSession Adopt(string directory, PoolLock poolLock, IPoolBackend backend,
        PoolDescriptor descriptor) => new(directory, poolLock, backend, descriptor, true);

    /// <summary>
    /// Changes names and metadata together, keeping them consistent across a crash (see
    /// <see cref="PoolDescriptorStore"/>): stage the record at <c>t+1</c>, change the metadata
    /// and swap its transaction id from <c>t</c> to <c>t+1</c>, commit, promote the record.
    /// </summary>
    public void ChangeNames(Action<PoolDescriptor> editRecord, Action<IPoolBackend> changeMetadata)
    {
        ulong current = Backend.ReadUsage().TransactionId;
        PoolDescriptor next = Descriptor.Clone();
        editRecord(next);
        next.TransactionId = current + 1;
        PoolDescriptorStore.WritePending(Directory, next);
        try
        {
            changeMetadata(Backend);
            Backend.SetTransactionId(current, current + 1);
            Backend.Commit();
        }
        catch
        {
            Backend.Abort();
            if (Backend.ReadUsage().TransactionId == current)
            {
                PoolDescriptorStore.DiscardPending(Directory);
            }

            throw;
        }

        PoolDescriptorStore.Promote(Directory);
        Descriptor = next;
    }

    /// <summary>Closes the current backend, then puts the one <paramref name="open"/> returns
    /// in its place (activation changes how the pool is reached).</summary>
    public void SwapBackend(Func<IPoolBackend> open)
    {
        Backend.Dispose();
        _backendClosed = true;
        Backend = open();
        _backendClosed = false;
    }

    public void Dispose()
    {
        if (!_backendClosed)
        {
            Backend.Dispose();
        }

        Lock.Dispose();
    }
}
