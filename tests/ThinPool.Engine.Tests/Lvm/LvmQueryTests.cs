using ThinPool.Engine.Lvm;
using Xunit;

namespace ThinPool.Engine.Tests.Lvm;

public sealed class LvmQueryTests
{
    [Fact]
    public void ReportsEachLogicalVolumeOnceThoughLvsPrintsOneRowPerSegment()
    {
        var fake = new FakeLvm();
        fake.Answer("lvs", Samples.Read("lvs-pool-in-use.json"));

        var names = new LvmQuery(new LvmCommandRunner(fake)).LogicalVolumes().Select(l => l.Name);

        Assert.Equal("lvol0_pmspare,thin1,thinpool,thinpool_tdata,thinpool_tmeta",
            string.Join(',', names));
    }

    [Fact]
    public void ReadsTheThinVolumesPool()
    {
        var thin = LvmReport.ParseLogicalVolumes(Samples.Read("lvs-pool-in-use.json"))
            .Single(l => l.Name == "thin1");

        Assert.Equal(("thin", "thinpool", "/dev/mapper/docker--tptest-thin1"),
            (thin.SegmentType, thin.PoolLogicalVolume, thin.DmPath));
    }

    [Fact]
    public void RefusesToAdoptThePoolCapturedInUse()
    {
        var fake = new FakeLvm();
        fake.Answer("lvs", Samples.Read("lvs-pool-in-use.json"));

        var ex = Assert.Throws<LvmRefusedException>(() => LvmThinPool.Adopt(
            new LvmCommandRunner(fake), "/dev/mapper/docker--tptest-thinpool-tpool", false));

        Assert.Equal((LvmRefusalReason.PoolInUse, "docker-tptest/thinpool"), (ex.Reason, ex.Target));
    }

    [Fact]
    public void ParsesTheCapturedPoolAfterGrowth()
    {
        var pool = LvmReport.ParseLogicalVolumes(Samples.Read("lvs-pool.json"))
            .Single(l => l.IsThinPool);

        Assert.Equal(("docker-thinpool-tptest", LvmMonitorState.Monitored, (ulong?)0, 524288L),
            (pool.Profile, pool.Monitor, pool.TransactionId, pool.ChunkSizeBytes));
    }

    [Fact]
    public void ParsesTheCapturedVolumeGroup()
    {
        var vg = Assert.Single(LvmReport.ParseVolumeGroups(Samples.Read("vgs-pool.json")));

        Assert.Equal(("docker-tptest", vg.ExtentCount * vg.ExtentSizeBytes),
            (vg.Name, vg.SizeBytes));
    }
}
