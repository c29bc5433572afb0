using ThinPool.Engine.Pool;
using Xunit;

namespace ThinPool.Engine.Tests.Pool;

/// <summary>The pool layer as a non-PowerShell caller uses it, on real files in a temp dir.</summary>
public sealed class ThinPoolServiceTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("tp-service-").FullName;
    private readonly ThinPoolService _service;

    public ThinPoolServiceTests()
    {
        _service = new ThinPoolService(new PoolRegistry(Path.Combine(_dir, "registry")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ThinPoolInfo CreatePool(long dataBytes = 64 * MiB, double minFree = 10) =>
        _service.CreatePool(new PoolCreateOptions
        {
            Name = "tp",
            Path = Path.Combine(_dir, "tp"),
            DataSizeBytes = dataBytes,
            MinFreeSpacePercent = minFree,
            Mode = PoolMode.Offline,
        });

    private string Image(int blocks, byte fill, params int[] dataBlocks)
    {
        string path = Path.Combine(_dir, $"img-{Guid.NewGuid():N}");
        using var stream = new FileStream(path, FileMode.CreateNew);
        stream.SetLength(blocks * 65536L);
        var bytes = new byte[65536];
        Array.Fill(bytes, fill);
        foreach (int block in dataBlocks)
        {
            stream.Position = block * 65536L;
            stream.Write(bytes);
        }

        return path;
    }

    [Fact]
    public void ANewPoolIsHealthyAndEmpty()
    {
        CreatePool();
        ThinPoolStatus status = _service.GetStatus("tp");
        Assert.Equal((PoolHealth.Healthy, 0L, 64 * MiB),
            (status.Health, status.DataUsedBytes, status.DataTotalBytes));
    }

    [Fact]
    public void ASnapshotSharesBlocksUntilOneIsWritten()
    {
        CreatePool();
        _service.ImportVolume("tp", "base", Image(16, 1, 0, 5, 9));
        _service.CreateSnapshot("tp", "base", "snap", readOnly: false);
        ThinVolumeTransfer write = _service.ImportVolume("tp", "snap", Image(16, 2, 5));
        Assert.Equal((1L, 2L), (write.BlocksWritten, write.BlocksDiscarded));
        Assert.Equal(4 * 65536L, _service.GetStatus("tp").DataUsedBytes);
    }

    [Fact]
    public void EachNameChangeAdvancesTheTransactionId()
    {
        CreatePool();
        _service.CreateVolume("tp", "a", 16 * MiB);
        _service.CreateSnapshot("tp", "a", "b", readOnly: true);
        _service.RemoveVolume("tp", "a");
        Assert.Equal(3UL, _service.GetStatus("tp").TransactionId);
    }

    [Fact]
    public void MinimumFreeSpaceRefusesNewVolumes()
    {
        CreatePool(dataBytes: 1 * MiB, minFree: 50);
        _service.ImportVolume("tp", "big", Image(16, 1, Enumerable.Range(0, 9).ToArray()));
        var e = Assert.Throws<PoolOperationException>(
            () => _service.CreateVolume("tp", "more", 16 * MiB));
        Assert.Equal(PoolErrorReason.MinFreeSpaceReached, e.Reason);
    }

    [Fact]
    public void APoolOnlyGrows()
    {
        CreatePool();
        var e = Assert.Throws<PoolOperationException>(() => _service.ResizePool("tp", 32 * MiB, null));
        Assert.Equal(PoolErrorReason.ShrinkNotSupported, e.Reason);
    }

    [Fact]
    public void GrowingKeepsTheVolumesAndTheCheckClean()
    {
        CreatePool();
        _service.ImportVolume("tp", "v", Image(16, 3, 1, 2));
        _service.ResizePool("tp", 128 * MiB, 4 * MiB);
        ThinCheckReport report = _service.CheckPool("tp");
        Assert.True(report.IsClean, string.Join("; ", report.Findings));
        Assert.Equal(128 * MiB, _service.GetPool("tp").DataSizeBytes);
    }

    [Fact]
    public void ARefusedImportLeavesNoVolume()
    {
        CreatePool(dataBytes: 128 * 1024, minFree: 0);
        Assert.Throws<OutOfDataSpaceException>(
            () => _service.ImportVolume("tp", "v", Image(16, 1, 0, 1, 2)));
        Assert.Empty(_service.GetVolumes("tp"));
    }

    [Fact]
    public void AdoptingADirectoryRegistersItsPool()
    {
        string path = CreatePool().Path;
        _service.Registry.Unregister("tp");
        Assert.Equal("tp", _service.AdoptPool(path).Name);
    }
}
