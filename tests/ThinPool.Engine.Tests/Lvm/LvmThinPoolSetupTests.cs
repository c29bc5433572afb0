using ThinPool.Engine.Lvm;
using Xunit;

namespace ThinPool.Engine.Tests.Lvm;

public sealed class LvmThinPoolSetupTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tp-lvm-" + Guid.NewGuid());
    private readonly FakeLvm _lvm = new();
    private readonly RecordingSink _sink = new();

    public LvmThinPoolSetupTests()
    {
        // Before lvconvert lvm knows nothing; after it, the pool is reported.
        _lvm.Answer("pvs", FakeLvm.NoRows("pv"));
        _lvm.Answer("vgs", FakeLvm.NoRows("vg"));
        _lvm.Answer("wipefs", Samples.Read("wipefs-clean.json"));
        _lvm.Answer("lvs", _ => _lvm.WasCalled("lvconvert")
            ? FakeLvm.PoolLvs("docker", "thinpool")
            : FakeLvm.NoRows("lv"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    private static LvmThinPoolOptions Options(bool force = false) => new()
    {
        Name = "docker-thinpool",
        VolumeGroup = "docker",
        PhysicalDevices = ["/dev/xvdf"],
        Force = force,
    };

    private LvmThinPool Create(LvmThinPoolOptions options) =>
        new LvmThinPoolSetup(new LvmCommandRunner(_lvm, _sink), _dir).Create(options);

    private string[] Changes() => _lvm.Calls.Where(c => !c.StartsWith("pvs", StringComparison.Ordinal)
        && !c.StartsWith("vgs", StringComparison.Ordinal) && !c.StartsWith("lvs", StringComparison.Ordinal)
        && !c.StartsWith("wipefs --no-act", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void RunsTheGuidesStepsInOrder()
    {
        Create(Options());

        Assert.Equal([
            "pvcreate /dev/xvdf",
            "vgcreate docker /dev/xvdf",
            "lvcreate --wipesignatures y --yes -n thinpool docker -l 95%VG",
            "lvcreate --wipesignatures y --yes -n thinpoolmeta docker -l 1%VG",
            "lvconvert -y --zero n -c 512k --thinpool docker/thinpool --poolmetadata docker/thinpoolmeta",
            "lvchange --metadataprofile docker-thinpool docker/thinpool",
        ], Changes());
    }

    [Fact]
    public void WritesTheProfileBeforeAttachingIt()
    {
        Create(Options());

        Assert.Equal(LvmProfile.Render(80, 20),
            File.ReadAllText(Path.Combine(_dir, "docker-thinpool.profile")));
    }

    [Fact]
    public void ReturnsThePool()
    {
        var pool = Create(Options());

        Assert.Equal(("docker/thinpool", "docker-thinpool"), (pool.FullName, pool.DeviceMapperName));
    }

    [Fact]
    public void RefusesASignedDeviceWithoutForceAndChangesNothing()
    {
        _lvm.Answer("wipefs", Samples.Read("wipefs-ext4.json"));

        var ex = Assert.Throws<LvmRefusedException>(() => Create(Options()));

        Assert.Equal((LvmRefusalReason.DeviceHasSignature, 0), (ex.Reason, Changes().Length));
    }

    [Fact]
    public void WipesASignedDeviceWithForceBeforePvcreate()
    {
        _lvm.Answer("wipefs", Samples.Read("wipefs-ext4.json"));

        Create(Options(force: true));

        Assert.Equal(["wipefs --all /dev/xvdf", "pvcreate /dev/xvdf"], Changes()[..2]);
    }

    [Fact]
    public void RefusesAnExistingVolumeGroup()
    {
        _lvm.Answer("vgs", FakeLvm.Vgs(("docker", 0)));

        var ex = Assert.Throws<LvmRefusedException>(() => Create(Options()));

        Assert.Equal((LvmRefusalReason.AlreadyExists, 0), (ex.Reason, Changes().Length));
    }

    [Fact]
    public void RefusesADeviceInAnotherVolumeGroupEvenWithForce()
    {
        _lvm.Answer("pvs", FakeLvm.Pvs(("/dev/xvdf", "other")));

        var ex = Assert.Throws<LvmRefusedException>(() => Create(Options(force: true)));

        Assert.Equal((LvmRefusalReason.DeviceIsPhysicalVolume, 0), (ex.Reason, Changes().Length));
    }

    [Fact]
    public void RefusesAnExistingProfileWithoutForce()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "docker-thinpool.profile"), "x");

        var ex = Assert.Throws<LvmRefusedException>(() => Create(Options()));

        Assert.Equal((LvmRefusalReason.AlreadyExists, 0), (ex.Reason, Changes().Length));
    }

    [Fact]
    public void ValidatesBeforeRunningAnything()
    {
        var bad = new LvmThinPoolOptions
        {
            Name = "n", VolumeGroup = "vg", PhysicalDevices = ["/dev/a"], DataPercent = 100,
        };

        Assert.ThrowsAny<ArgumentException>(() => Create(bad));
        Assert.Empty(_lvm.Calls);
    }

    [Fact]
    public void RollsBackInReverseWhenLvconvertFails()
    {
        _lvm.FailOn = "lvconvert";

        Assert.Throws<LvmCommandException>(() => Create(Options()));

        Assert.Equal([
            "lvremove --yes docker/thinpoolmeta",
            "lvremove --yes docker/thinpool",
            "vgremove --yes docker",
            "pvremove --yes /dev/xvdf",
        ], Changes()[5..]);
    }

    [Fact]
    public void RollsBackThePoolAndProfileWhenAttachingTheProfileFails()
    {
        _lvm.FailOn = "lvchange --metadataprofile";

        Assert.Throws<LvmCommandException>(() => Create(Options()));

        Assert.Equal(("lvremove --yes docker/thinpool|vgremove --yes docker|pvremove --yes /dev/xvdf",
            false), (string.Join('|', Changes()[6..]), File.Exists(Path.Combine(_dir, "docker-thinpool.profile"))));
    }

    [Fact]
    public void AsksForMonitoringAndWarnsWhenItStaysOff()
    {
        _lvm.Answer("lvs", _ => _lvm.WasCalled("lvconvert")
            ? FakeLvm.PoolLvs("docker", "thinpool", monitor: "not monitored")
            : FakeLvm.NoRows("lv"));

        Create(Options());

        Assert.Equal((true, 1), (_lvm.WasCalled("lvchange --monitor y docker/thinpool"),
            _sink.Warnings.Count(w => w.Contains("not monitored", StringComparison.Ordinal))));
    }
}
