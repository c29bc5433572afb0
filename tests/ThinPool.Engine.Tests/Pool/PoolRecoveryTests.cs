using ThinPool.Engine.Pool;
using Xunit;

namespace ThinPool.Engine.Tests.Pool;

/// <summary>
/// The states a process killed inside a kernel pool's name change leaves: the thin-pool
/// messages already committed by the kernel, the transaction id not yet swapped, the staged
/// record on disk. <see cref="FakeBackend"/> plays the kernel: each change is committed at once.
/// </summary>
public sealed class PoolRecoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tp-recovery-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PoolDescriptor Record(ulong tx, params (string Name, ulong Id)[] volumes) => new()
    {
        Name = "tp",
        TransactionId = tx,
        Volumes = volumes.Select(v => new VolumeRecord { Name = v.Name, DeviceId = v.Id }).ToList(),
    };

    /// <summary>A backend at transaction <paramref name="tx"/> holding <paramref name="ids"/>.</summary>
    private static FakeBackend Kernel(ulong tx, params ulong[] ids)
    {
        var backend = new FakeBackend();
        foreach (ulong id in ids)
        {
            backend.CreateThin(id);
        }

        backend.SetTransactionId(0, tx);
        backend.Commit();
        return backend;
    }

    private PoolDescriptor RecoverAndReconcile(PoolDescriptor committed, FakeBackend backend)
    {
        PoolRecovery.Recover(_dir, committed, backend, NullPoolSink.Instance);
        return PoolDescriptorStore.Reconcile(_dir, backend.ReadUsage().TransactionId, repair: true);
    }

    [Fact]
    public void ACreateThatReachedTheKernelIsCompleted()
    {
        // create_thin 2 was sent; the process died before set_transaction_id 5 6.
        PoolDescriptor committed = Record(5, ("a", 1));
        PoolDescriptorStore.WriteCommitted(_dir, committed);
        PoolDescriptorStore.WritePending(_dir, Record(6, ("a", 1), ("b", 2)));
        FakeBackend backend = Kernel(5, 1, 2);

        PoolDescriptor truth = RecoverAndReconcile(committed, backend);

        Assert.Equal(new[] { "a", "b" }, truth.Volumes.Select(v => v.Name));
        Assert.Equal(6UL, backend.CommittedTransactionId);
        Assert.Equal(6UL, PoolDescriptorStore.Read(_dir).TransactionId);
        Assert.False(File.Exists(PoolDescriptorStore.PendingPathOf(_dir)));
    }

    [Fact]
    public void ADeleteThatReachedTheKernelIsCompleted()
    {
        // delete 1 was sent: keeping the old record would leave the name 'a' on no device.
        PoolDescriptor committed = Record(5, ("a", 1), ("b", 2));
        PoolDescriptorStore.WriteCommitted(_dir, committed);
        PoolDescriptorStore.WritePending(_dir, Record(6, ("b", 2)));
        FakeBackend backend = Kernel(5, 2);

        PoolDescriptor truth = RecoverAndReconcile(committed, backend);

        Assert.Equal("b", Assert.Single(truth.Volumes).Name);
        Assert.Equal(6UL, backend.CommittedTransactionId);
    }

    [Fact]
    public void DeletionsNotSentYetAreSentWhenOneReachedTheKernel()
    {
        // Two deferred deletions; the process died after the first delete message.
        PoolDescriptor committed = Record(5, ("c", 3));
        committed.PendingDeletes.Add(new VolumeRecord { Name = "a", DeviceId = 1 });
        committed.PendingDeletes.Add(new VolumeRecord { Name = "b", DeviceId = 2 });
        PoolDescriptorStore.WriteCommitted(_dir, committed);
        PoolDescriptorStore.WritePending(_dir, Record(6, ("c", 3)));
        FakeBackend backend = Kernel(5, 2, 3);

        PoolDescriptor truth = RecoverAndReconcile(committed, backend);

        Assert.Empty(truth.PendingDeletes);
        Assert.Equal(3UL, Assert.Single(backend.Devices).DeviceId);
        Assert.Equal(6UL, backend.CommittedTransactionId);
    }

    [Fact]
    public void AChangeThatNeverReachedTheKernelIsDropped()
    {
        PoolDescriptor committed = Record(5, ("a", 1));
        PoolDescriptorStore.WriteCommitted(_dir, committed);
        PoolDescriptorStore.WritePending(_dir, Record(6, ("a", 1), ("b", 2)));
        FakeBackend backend = Kernel(5, 1);

        PoolDescriptor truth = RecoverAndReconcile(committed, backend);

        Assert.Equal("a", Assert.Single(truth.Volumes).Name);
        Assert.Equal(1UL, Assert.Single(backend.Devices).DeviceId);
        Assert.Equal(5UL, backend.CommittedTransactionId);
        Assert.False(File.Exists(PoolDescriptorStore.PendingPathOf(_dir)));
    }

    [Fact]
    public void AChangeWhoseCreationDidNotHappenIsUndone()
    {
        // A change that deletes 1 and creates 3: the delete went out, the create did not.
        PoolDescriptor committed = Record(5, ("a", 1), ("b", 2));
        PoolDescriptorStore.WriteCommitted(_dir, committed);
        PoolDescriptorStore.WritePending(_dir, Record(6, ("b", 2), ("c", 3)));
        FakeBackend backend = Kernel(5, 2);

        PoolDescriptor truth = RecoverAndReconcile(committed, backend);

        Assert.Equal(5UL, backend.CommittedTransactionId);
        Assert.Equal(new[] { "a", "b" }, truth.Volumes.Select(v => v.Name));
        Assert.Equal(2UL, Assert.Single(backend.Devices).DeviceId);
    }

    [Fact]
    public void ACommittedChangeIsLeftToReconcile()
    {
        // The transaction id was swapped too; only the rename of the record is missing.
        PoolDescriptor committed = Record(5, ("a", 1));
        PoolDescriptorStore.WriteCommitted(_dir, committed);
        PoolDescriptorStore.WritePending(_dir, Record(6, ("a", 1), ("b", 2)));
        FakeBackend backend = Kernel(6, 1, 2);

        PoolDescriptor truth = RecoverAndReconcile(committed, backend);

        Assert.Equal(new[] { "a", "b" }, truth.Volumes.Select(v => v.Name));
        Assert.Equal(6UL, backend.CommittedTransactionId);
    }
}
