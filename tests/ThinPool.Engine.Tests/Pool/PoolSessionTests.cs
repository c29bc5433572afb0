using ThinPool.Engine.Pool;
using Xunit;

namespace ThinPool.Engine.Tests.Pool;

/// <summary>
/// The name/transaction protocol under injected failures: whatever fails, the record that
/// reconciliation picks always describes the metadata's committed devices.
/// </summary>
public sealed class PoolSessionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tp-session-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (PoolSession Session, FakeBackend Backend) Open()
    {
        var descriptor = new PoolDescriptor { Name = "tp", BlockBytes = 65536 };
        PoolDescriptorStore.WriteCommitted(_dir, descriptor);
        var backend = new FakeBackend();
        PoolLock poolLock = PoolLock.Acquire(_dir, "tp", true, NullPoolSink.Instance);
        return (PoolSession.Adopt(_dir, poolLock, backend, descriptor), backend);
    }

    private static void AddVolume(PoolSession session, string name, ulong id) =>
        session.ChangeNames(
            d => d.Volumes.Add(new VolumeRecord { Name = name, DeviceId = id, SizeBytes = 512 }),
            b => b.CreateThin(id));

    [Fact]
    public void ASuccessfulChangeAdvancesBothRecordAndMetadata()
    {
        (PoolSession session, FakeBackend backend) = Open();
        using (session)
        {
            AddVolume(session, "v1", 1);
            Assert.Equal(1UL, backend.CommittedTransactionId);
            Assert.Equal(1UL, PoolDescriptorStore.Read(_dir).TransactionId);
        }
    }

    [Fact]
    public void AFailureBeforeTheCommitLeavesTheOldPair()
    {
        (PoolSession session, FakeBackend backend) = Open();
        using (session)
        {
            backend.FailBeforeCommit = true;
            Assert.Throws<IOException>(() => AddVolume(session, "v1", 1));
            PoolDescriptor truth = PoolDescriptorStore.Reconcile(_dir,
                backend.CommittedTransactionId, repair: true);
            Assert.Empty(truth.Volumes);
            Assert.Empty(backend.Devices);
        }
    }

    [Fact]
    public void AFailureAfterTheCommitKeepsTheNewName()
    {
        (PoolSession session, FakeBackend backend) = Open();
        using (session)
        {
            backend.FailAfterCommit = true;
            Assert.Throws<IOException>(() => AddVolume(session, "v1", 1));
            PoolDescriptor truth = PoolDescriptorStore.Reconcile(_dir,
                backend.CommittedTransactionId, repair: true);
            Assert.Equal("v1", Assert.Single(truth.Volumes).Name);
            Assert.Equal(1UL, Assert.Single(backend.Devices).DeviceId);
        }
    }

    [Fact]
    public void ACrashBetweenCommitAndPromotionIsRepairedOnOpen()
    {
        // Simulate: pending written, metadata committed at t+1, process died before rename.
        PoolDescriptorStore.WriteCommitted(_dir, new PoolDescriptor { Name = "tp", TransactionId = 5 });
        PoolDescriptorStore.WritePending(_dir, new PoolDescriptor
        {
            Name = "tp", TransactionId = 6,
            Volumes = { new VolumeRecord { Name = "v1", DeviceId = 1 } },
        });
        PoolDescriptorStore.Reconcile(_dir, 6, repair: true);
        Assert.Equal(6UL, PoolDescriptorStore.Read(_dir).TransactionId);
        Assert.False(File.Exists(PoolDescriptorStore.PendingPathOf(_dir)));
    }

    [Fact]
    public void ASecondWriterIsRefusedWhileTheLockIsHeld()
    {
        using PoolLock held = PoolLock.Acquire(_dir, "tp", true, NullPoolSink.Instance);
        Environment.SetEnvironmentVariable(PoolLock.TimeoutVariable, "0.1");
        try
        {
            var e = Assert.Throws<PoolOperationException>(
                () => PoolLock.Acquire(_dir, "tp", false, NullPoolSink.Instance));
            Assert.Equal(PoolErrorReason.PoolLocked, e.Reason);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PoolLock.TimeoutVariable, null);
        }
    }

    [Fact]
    public void ReadersShareTheLock()
    {
        using PoolLock first = PoolLock.Acquire(_dir, "tp", false, NullPoolSink.Instance);
        using PoolLock second = PoolLock.Acquire(_dir, "tp", false, NullPoolSink.Instance);
        Assert.NotNull(second);
    }
}
