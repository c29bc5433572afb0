using ThinPool.Engine.Pool;
using Xunit;

namespace ThinPool.Engine.Tests.Pool;

public sealed class PoolDescriptorStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tp-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PoolDescriptor Descriptor(ulong tx, params string[] volumes) => new()
    {
        Name = "tp",
        BlockBytes = 65536,
        TransactionId = tx,
        Volumes = volumes.Select((v, i) => new VolumeRecord
        {
            Name = v, DeviceId = (ulong)i + 1, SizeBytes = 1 << 20,
        }).ToList(),
    };

    [Fact]
    public void ARecordRoundTrips()
    {
        PoolDescriptorStore.WriteCommitted(_dir, Descriptor(3, "a", "b"));
        PoolDescriptor read = PoolDescriptorStore.Read(_dir);
        Assert.Equal(new[] { "a", "b" }, read.Volumes.Select(v => v.Name));
        Assert.Equal(3UL, read.TransactionId);
    }

    [Fact]
    public void TheCommittedRecordWinsWhenItMatchesTheMetadata()
    {
        PoolDescriptorStore.WriteCommitted(_dir, Descriptor(3, "a"));
        PoolDescriptorStore.WritePending(_dir, Descriptor(4, "a", "b"));
        PoolDescriptor read = PoolDescriptorStore.Reconcile(_dir, 3, repair: true);
        Assert.Equal(new[] { "a" }, read.Volumes.Select(v => v.Name));
        Assert.False(File.Exists(PoolDescriptorStore.PendingPathOf(_dir)));
    }

    [Fact]
    public void ThePendingRecordIsPromotedWhenTheMetadataCommittedIt()
    {
        PoolDescriptorStore.WriteCommitted(_dir, Descriptor(3, "a"));
        PoolDescriptorStore.WritePending(_dir, Descriptor(4, "a", "b"));
        PoolDescriptorStore.Reconcile(_dir, 4, repair: true);
        Assert.Equal(new[] { "a", "b" }, PoolDescriptorStore.Read(_dir).Volumes.Select(v => v.Name));
    }

    [Fact]
    public void AMismatchWithNoMatchingRecordIsRefused()
    {
        PoolDescriptorStore.WriteCommitted(_dir, Descriptor(3, "a"));
        var e = Assert.Throws<PoolOperationException>(
            () => PoolDescriptorStore.Reconcile(_dir, 7, repair: true));
        Assert.Equal(PoolErrorReason.RecordMismatch, e.Reason);
    }

    [Fact]
    public void ATornPendingRecordIsIgnored()
    {
        PoolDescriptorStore.WriteCommitted(_dir, Descriptor(3, "a"));
        File.WriteAllText(PoolDescriptorStore.PendingPathOf(_dir), "{\"name\": \"tp\", \"volu");
        Assert.Equal(3UL, PoolDescriptorStore.Reconcile(_dir, 3, repair: true).TransactionId);
    }

    [Fact]
    public void AMissingRecordIsPoolNotFound()
    {
        var e = Assert.Throws<PoolOperationException>(() => PoolDescriptorStore.Read(_dir));
        Assert.Equal(PoolErrorReason.PoolNotFound, e.Reason);
    }
}
