using ThinPool.Engine.Pool;
using Xunit;

namespace ThinPool.Engine.Tests.Pool;

/// <summary>New-ThinPool run again in a directory that a killed New-ThinPool left.</summary>
public sealed class KilledCreationTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("tp-killed-").FullName;
    private readonly ThinPoolService _service;

    public KilledCreationTests()
    {
        _service = new ThinPoolService(new PoolRegistry(Path.Combine(_dir, "registry")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PoolDir => Path.Combine(_dir, "tp");

    private ThinPoolInfo Create() => _service.CreatePool(new PoolCreateOptions
    {
        Name = "tp", Path = PoolDir, DataSizeBytes = 64 * MiB, Mode = PoolMode.Offline,
    });

    /// <summary>What a run killed after it made its files leaves: the marker, half-written
    /// files, no record.</summary>
    private void LeaveKilledRun(string markedName)
    {
        Directory.CreateDirectory(PoolDir);
        KilledCreation.Mark(PoolDir, markedName);
        File.WriteAllBytes(Path.Combine(PoolDir, "data"), new byte[8192]);
        File.WriteAllBytes(Path.Combine(PoolDir, "metadata"), [1, 2, 3, 4]);
    }

    [Fact]
    public void ARunAgainAfterAKilledRunCreatesThePool()
    {
        LeaveKilledRun("tp");
        ThinPoolInfo pool = Create();
        Assert.Equal(64 * MiB, pool.DataSizeBytes);
        Assert.True(_service.CheckPool("tp").IsClean);
        Assert.False(File.Exists(Path.Combine(PoolDir, KilledCreation.FileName)));
    }

    [Fact]
    public void FilesOfAnotherPoolsKilledRunStillNeedForce()
    {
        LeaveKilledRun("other");
        var e = Assert.Throws<PoolOperationException>(Create);
        Assert.Equal(PoolErrorReason.PoolFilesNotEmpty, e.Reason);
    }

    [Fact]
    public void FilesWithoutTheMarkerStillNeedForce()
    {
        LeaveKilledRun("tp");
        KilledCreation.Clear(PoolDir);
        var e = Assert.Throws<PoolOperationException>(Create);
        Assert.Equal(PoolErrorReason.PoolFilesNotEmpty, e.Reason);
    }

    [Fact]
    public void AMarkerBesideARecordedPoolIsNotAKilledRun()
    {
        Create();
        KilledCreation.Mark(PoolDir, "tp");
        Assert.False(KilledCreation.Left(PoolDir, "tp"));
    }

    [Fact]
    public void ARunKilledBeforeRegistrationIsFinishedByTheNextRun()
    {
        // The record was written, the process died before the registry and the marker.
        Create();
        _service.Registry.Unregister("tp");
        KilledCreation.Mark(PoolDir, "tp");

        ThinPoolInfo pool = Create();

        Assert.Equal(PoolDir, _service.Registry.Find("tp"));
        Assert.Equal(64 * MiB, pool.DataSizeBytes);
        Assert.False(File.Exists(Path.Combine(PoolDir, KilledCreation.FileName)));
    }

    [Fact]
    public void ACompletedCreationLeavesNoMarker()
    {
        Create();
        Assert.False(File.Exists(Path.Combine(PoolDir, KilledCreation.FileName)));
    }
}
