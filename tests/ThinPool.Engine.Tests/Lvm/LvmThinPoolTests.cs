using ThinPool.Engine.Lvm;
using Xunit;

namespace ThinPool.Engine.Tests.Lvm;

public sealed class LvmThinPoolTests
{
    private readonly FakeLvm _lvm = new();

    private LvmCommandRunner Runner => new(_lvm);

    [Fact]
    public void AdoptsAnEmptyPoolByVolumeGroupAndName()
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool"));

        var pool = LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false);

        Assert.Equal("docker/thinpool", pool.FullName);
    }

    [Theory]
    [InlineData("/dev/mapper/docker-thinpool")]
    [InlineData("/dev/docker/thinpool")]
    [InlineData("/dev/mapper/docker-thinpool-tpool")]
    public void AdoptsAnEmptyPoolByDevice(string device)
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool"));

        var pool = LvmThinPool.Adopt(Runner, device, force: false);

        Assert.Equal("docker/thinpool", pool.FullName);
    }

    [Theory]
    [InlineData("1", "0.00")]
    [InlineData("0", "0.05")]
    public void RefusesAPoolInUseWithoutForce(string transactionId, string dataPercent)
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool", transactionId: transactionId,
            dataPercent: dataPercent));

        var ex = Assert.Throws<LvmRefusedException>(() =>
            LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false));

        Assert.Equal(LvmRefusalReason.PoolInUse, ex.Reason);
    }

    [Fact]
    public void AdoptsAPoolInUseWithForce()
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool", transactionId: "3"));

        var pool = LvmThinPool.Adopt(Runner, "/dev/mapper/docker-thinpool", force: true);

        Assert.Equal("docker/thinpool", pool.FullName);
    }

    [Fact]
    public void RefusesSomethingThatIsNotAThinPool()
    {
        _lvm.Answer("lvs", FakeLvm.NoRows("lv"));

        var ex = Assert.Throws<LvmRefusedException>(() =>
            LvmThinPool.Adopt(Runner, "/dev/mapper/nothing", force: true));

        Assert.Equal(LvmRefusalReason.PoolNotFound, ex.Reason);
    }

    [Theory]
    [InlineData("docker", "thin-pool")]
    [InlineData("my-vg", "my-pool")]
    public void DoublesDashesInTheDeviceMapperName(string vg, string lv)
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs(vg, lv));

        var pool = LvmThinPool.Adopt(Runner, vg, lv, force: false);

        Assert.Equal(vg.Replace("-", "--") + "-" + lv.Replace("-", "--"), pool.DeviceMapperName);
    }

    [Fact]
    public void ReportsVolumeGroupFreeSpaceAutoextendAndMonitoring()
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool"));
        _lvm.Answer("vgs", FakeLvm.Vgs(("docker", 9)));
        _lvm.Answer("pvs", FakeLvm.Pvs(("/dev/vda", "docker"), ("/dev/vdc", "other")));
        _lvm.Answer("lvmconfig", Samples.Read("lvmconfig-profile.txt"));
        var pool = LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false);

        var status = pool.GetStatus();

        Assert.Equal((9L * 4194304, new LvmAutoExtendSettings(80, 20, "docker-thinpool"),
            LvmMonitorState.Monitored, true, "/dev/vda"),
            (status.VolumeGroupFreeBytes, status.AutoExtend, status.Monitor,
            status.AutoExtendActive, string.Join('|', status.PhysicalDevices)));
    }

    [Fact]
    public void ExtendsDataByWholeExtentsRoundedUp()
    {
        long size = 1015021568;
        _lvm.Answer("lvs", _ => FakeLvm.PoolLvs("docker", "thinpool",
            size: _lvm.WasCalled("lvextend") ? size + 2 * 4194304 : size));
        _lvm.Answer("vgs", FakeLvm.Vgs(("docker", 9)));
        var pool = LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false);

        long after = pool.ExtendData(4194304 + 1);

        Assert.Equal((size + 2 * 4194304, true), (after, _lvm.WasCalled("lvextend -l +2 docker/thinpool")));
    }

    [Fact]
    public void RefusesGrowthBeyondTheFreeSpace()
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool"));
        _lvm.Answer("vgs", FakeLvm.Vgs(("docker", 1)));
        var pool = LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false);

        var ex = Assert.Throws<LvmRefusedException>(() => pool.ExtendData(2L * 4194304));

        Assert.Equal((LvmRefusalReason.NoFreeSpace, false), (ex.Reason, _lvm.WasCalled("lvextend")));
    }

    [Fact]
    public void RefusesUseMaximumSizeWithNoFreeExtents()
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool"));
        _lvm.Answer("vgs", FakeLvm.Vgs(("docker", 0)));
        var pool = LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false);

        var ex = Assert.Throws<LvmRefusedException>(() => pool.UseMaximumSize());

        Assert.Equal(LvmRefusalReason.NoFreeSpace, ex.Reason);
    }

    [Fact]
    public void FailsWhenLvextendDidNotGrowThePool()
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool"));
        _lvm.Answer("vgs", FakeLvm.Vgs(("docker", 9)));
        var pool = LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false);

        Assert.Throws<LvmException>(() => pool.UseMaximumSize());
    }

    [Fact]
    public void ExtendsMetadataInKibibytes()
    {
        _lvm.Answer("lvs", _ => FakeLvm.PoolLvs("docker", "thinpool",
            metadataSize: _lvm.WasCalled("lvextend") ? 16777216 : 8388608));
        _lvm.Answer("vgs", FakeLvm.Vgs(("docker", 9)));
        var pool = LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false);

        long after = pool.ExtendMetadata(8388608);

        Assert.Equal((16777216L, true),
            (after, _lvm.WasCalled("lvextend --poolmetadatasize +8192k docker/thinpool")));
    }

    [Fact]
    public void AddsADeviceThenGrowsOverAllFreeSpace()
    {
        long size = 1015021568;
        _lvm.Answer("lvs", _ => FakeLvm.PoolLvs("docker", "thinpool",
            size: _lvm.WasCalled("lvextend") ? 2 * size : size));
        _lvm.Answer("pvs", FakeLvm.Pvs(("/dev/vda", "docker")));
        _lvm.Answer("wipefs", Samples.Read("wipefs-clean.json"));
        var pool = LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false);

        pool.AddPhysicalDevice("/dev/vdb", force: false);

        Assert.Equal(["pvcreate --yes /dev/vdb", "vgextend docker /dev/vdb",
            "lvextend -l +100%FREE docker/thinpool"],
            _lvm.Calls.Where(c => c.StartsWith("pvcreate") || c.StartsWith("vgextend")
                || c.StartsWith("lvextend")).ToArray());
    }

    [Fact]
    public void TakesTheDeviceBackOutWhenLvextendFails()
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool"));
        _lvm.Answer("pvs", FakeLvm.Pvs(("/dev/vda", "docker")));
        _lvm.Answer("wipefs", Samples.Read("wipefs-clean.json"));
        _lvm.FailOn = "lvextend";
        var pool = LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false);

        Assert.Throws<LvmCommandException>(() => pool.AddPhysicalDevice("/dev/vdb", force: false));

        Assert.Equal(["vgreduce docker /dev/vdb", "pvremove --yes /dev/vdb"], _lvm.Calls[^2..]);
    }

    [Fact]
    public void RefusesToAddADeviceThatIsAlreadyAPhysicalVolume()
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool"));
        _lvm.Answer("pvs", FakeLvm.Pvs(("/dev/vda", "docker")));
        var pool = LvmThinPool.Adopt(Runner, "docker", "thinpool", force: false);

        var ex = Assert.Throws<LvmRefusedException>(() => pool.AddPhysicalDevice("/dev/vda", true));

        Assert.Equal(LvmRefusalReason.DeviceIsPhysicalVolume, ex.Reason);
    }
}
