using ThinPool.Engine.Lvm;
using Xunit;

namespace ThinPool.Engine.Tests.Lvm;

public sealed class LvmThinPoolRemovalTests
{
    private readonly FakeLvm _lvm = new();

    [Fact]
    public void RefusesToRemoveAPoolHoldingThinVolumesWithoutForce()
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool", profile: "", thinVolumes: ["t1"]));
        var pool = LvmThinPool.Adopt(new LvmCommandRunner(_lvm), "docker", "thinpool", true);

        var ex = Assert.Throws<LvmRefusedException>(() => pool.Remove(true, force: false));

        Assert.Equal((LvmRefusalReason.PoolInUse, false), (ex.Reason, _lvm.WasCalled("lvremove")));
    }

    [Fact]
    public void RemovesPoolThenVolumeGroupThenPhysicalVolumes()
    {
        _lvm.Answer("lvs", _ => _lvm.WasCalled("lvremove")
            ? FakeLvm.NoRows("lv")
            : FakeLvm.PoolLvs("docker", "thinpool", profile: ""));
        _lvm.Answer("pvs", FakeLvm.Pvs(("/dev/vda", "docker"), ("/dev/vdb", "docker")));
        var pool = LvmThinPool.Adopt(new LvmCommandRunner(_lvm), "docker", "thinpool", false);

        pool.Remove(removeVolumeGroup: true, force: false);

        Assert.Equal("lvremove --yes docker/thinpool|vgremove --yes docker|" +
            "pvremove --yes /dev/vda|pvremove --yes /dev/vdb",
            string.Join('|', _lvm.Calls.Where(c => c.Contains("remove", StringComparison.Ordinal))));
    }

    [Fact]
    public void KeepsTheVolumeGroupWhenOtherVolumesRemain()
    {
        _lvm.Answer("lvs", FakeLvm.PoolLvs("docker", "thinpool", profile: ""));
        var pool = LvmThinPool.Adopt(new LvmCommandRunner(_lvm), "docker", "thinpool", false);

        pool.Remove(removeVolumeGroup: true, force: false);

        Assert.False(_lvm.WasCalled("vgremove"));
    }
}
