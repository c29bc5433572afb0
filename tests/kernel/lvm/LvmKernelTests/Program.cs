using System.Globalization;
using ThinPool.Engine.Lvm;
using ThinPool.LvmKernelTests;
using static ThinPool.LvmKernelTests.Harness;

// Real-kernel LVM scenarios. Run as root in the dm-vm guest with three empty virtio disks
// (/dev/vda, /dev/vdb, /dev/vdc); every volume group and profile carries the "tptest" suffix
// and is swept before and after. Arguments are name filters.
if (Environment.UserName != "root" || !File.Exists("/dev/vdc"))
{
    Console.WriteLine("lvm kernel tests: need root and /dev/vda../dev/vdc (run run-lvm-tests.sh)");
    Console.WriteLine("Tests: 0 passed, 0 failed, 1 skipped");
    return 0;
}

const string Vg = "docker-tptest";
const string Lv = "thinpool";
const string Name = "docker-thinpool-tptest";
const string SmallVg = "auto-tptest";
const string RollbackVg = "rollback-tptest";
string? samples = Environment.GetEnvironmentVariable("LVM_SAMPLES_DIR");

var sink = new ConsoleSink { Verbose = Environment.GetEnvironmentVariable("LVM_VERBOSE") == "1" };
var runner = new LvmCommandRunner(SystemProcessRunner.Instance, sink);
var query = new LvmQuery(runner);
var profiles = new LvmProfile(runner);
var t = new Harness(args);
LvmThinPool? pool = null;

Sweep();

t.Run("setup refuses /dev/vda with an ext4 signature without Force", () =>
{
    Tool("mkfs.ext4", "-q", "-F", "/dev/vda");
    Save("wipefs-ext4.json", Tool("wipefs", "--no-act", "--json", "/dev/vda"));
    var ex = Throws<LvmRefusedException>(() => new LvmThinPoolSetup(runner).Create(Options()),
        "Create without Force");
    Equal(LvmRefusalReason.DeviceHasSignature, ex.Reason, "reason");
    Check(query.FindPhysicalVolume("/dev/vda") is null, "/dev/vda is still not a PV");
    Check(query.FindVolumeGroup(Vg) is null, "no volume group was created");
    Equal("ext4", new SignatureProbe(runner).Probe("/dev/vda").Single().Type, "ext4 is still there");
    Check(!File.Exists(profiles.PathOf(Name)), "no profile was written");
});

t.Run("setup with Force wipes the signature and builds the guide's pool", () =>
{
    pool = new LvmThinPoolSetup(runner).Create(Options(force: true));
    LvmLogicalVolume lv = pool.Read();
    LvmVolumeGroup vg = query.FindVolumeGroup(Vg)!;
    Equal("thin-pool", lv.SegmentType, "segment type");
    Equal(512L * 1024, lv.ChunkSizeBytes, "chunk size");
    Equal(vg.ExtentCount * 95 / 100 * vg.ExtentSizeBytes, lv.SizeBytes, "data is 95%VG");
    Check(lv.MetadataSizeBytes >= vg.ExtentCount / 100 * vg.ExtentSizeBytes, "metadata is 1%VG");
    Equal((ulong?)0, lv.TransactionId, "transaction id");
    Check(!new SignatureProbe(runner).Probe("/dev/vda").Any(s => s.Type == "ext4"), "ext4 wiped");

    // The kernel's table: a thin-pool target with 1024-sector blocks and zeroing skipped.
    string table = Tool("dmsetup", "table", pool.DeviceMapperName).Trim();
    string[] f = table.Split(' ');
    Equal("thin-pool", f[2], "kernel target");
    Equal("1024", f[5], "kernel data block size (sectors)");
    Check(table.Contains("skip_block_zeroing", StringComparison.Ordinal), "kernel table skips zeroing: " + table);
    Equal(lv.SizeBytes / 512, long.Parse(f[1], CultureInfo.InvariantCulture), "kernel length");
    Save("pvs-pool.json", Report("pvs", LvmPhysicalVolume.Fields));
    Save("vgs-pool.json", Report("vgs", LvmVolumeGroup.Fields));
    Save("lvs-pool.json", Report("lvs", LvmLogicalVolume.Fields, "-a"));
}, needs: "setup refuses /dev/vda with an ext4 signature without Force");

const string Built = "setup with Force wipes the signature and builds the guide's pool";

t.Run("the autoextend profile is written and attached", () =>
{
    Equal(LvmProfile.Render(80, 20), File.ReadAllText(profiles.PathOf(Name)), "profile text");
    Equal(Name, pool!.Read().Profile, "lv_profile");
    Equal(new LvmAutoExtendSettings(80, 20, Name), profiles.ReadSettings(Name), "lvmconfig");
    Save("lvmconfig-profile.txt", Tool("lvm", "lvmconfig", "--type", "full", "--metadataprofile",
        Name, "activation/thin_pool_autoextend_threshold", "activation/thin_pool_autoextend_percent"));
}, needs: Built);

t.Run("dmeventd monitors the pool", () =>
{
    Equal(LvmMonitorState.Monitored, pool!.Read().Monitor, "seg_monitor");
    Check(Directory.EnumerateDirectories("/proc").Any(d => IsDmeventd(d)), "a dmeventd process runs");
}, needs: Built);

t.Run("status reports a pool that dmeventd does not monitor", () =>
{
    runner.RunLvm("lvchange", "--monitor", "n", pool!.FullName);
    LvmThinPoolStatus off = pool.GetStatus();
    Equal(LvmMonitorState.NotMonitored, off.Monitor, "seg_monitor after --monitor n");
    Equal(false, off.AutoExtendActive, "autoextend cannot fire");
    runner.RunLvm("lvchange", "--monitor", "y", pool.FullName);
    Equal(LvmMonitorState.Monitored, pool.Read().Monitor, "seg_monitor after --monitor y");
}, needs: Built);

t.Run("setup refuses a device that does not exist", () =>
{
    var ex = Throws<LvmRefusedException>(() => new LvmThinPoolSetup(runner).Create(new LvmThinPoolOptions
    {
        Name = "missing-tptest", VolumeGroup = "missing-tptest", PhysicalDevices = ["/dev/vdz"],
    }), "Create on /dev/vdz");
    Equal(LvmRefusalReason.DeviceNotFound, ex.Reason, "reason");
    Check(query.FindVolumeGroup("missing-tptest") is null, "no volume group was created");
});

t.Run("status reports volume group free space, autoextend and monitoring", () =>
{
    LvmThinPoolStatus s = pool!.GetStatus();
    LvmVolumeGroup vg = query.FindVolumeGroup(Vg)!;
    Equal(vg.FreeBytes, s.VolumeGroupFreeBytes, "VG free");
    Equal(vg.SizeBytes, s.VolumeGroupSizeBytes, "VG size");
    Equal("/dev/vda", string.Join(',', s.PhysicalDevices), "physical devices");
    Equal(true, s.AutoExtendActive, "autoextend active");
    Equal($"/dev/mapper/{pool.DeviceMapperName}", s.DevicePath, "device path");

    // Cross-check lvm's figures with the kernel's own status line.
    string[] k = Tool("dmsetup", "status", pool.DeviceMapperName).Trim().Split(' ');
    long totalBlocks = long.Parse(k[5].Split('/')[1], CultureInfo.InvariantCulture);
    Equal(s.DataSizeBytes, totalBlocks * s.ChunkSizeBytes, "kernel data blocks x chunk");
    long metaBlocks = long.Parse(k[4].Split('/')[1], CultureInfo.InvariantCulture);
    Equal(s.MetadataSizeBytes, metaBlocks * 4096, "kernel metadata blocks x 4 KiB");
    Equal(ulong.Parse(k[3], CultureInfo.InvariantCulture), s.TransactionId!.Value, "transaction id");
}, needs: Built);

t.Run("an empty pool is adopted by its /dev/mapper path", () =>
{
    var adopted = LvmThinPool.Adopt(runner, $"/dev/mapper/{pool!.DeviceMapperName}", force: false);
    Equal(pool.FullName, adopted.FullName, "adopted pool");
}, needs: Built);

t.Run("metadata grows with ExtendMetadata", () =>
{
    long before = pool!.Read().MetadataSizeBytes!.Value;
    long after = pool.ExtendMetadata(4L * 1024 * 1024);
    Check(after >= before + 4L * 1024 * 1024, $"metadata {before} -> {after}");
    string[] k = Tool("dmsetup", "status", pool.DeviceMapperName).Trim().Split(' ');
    Equal(after / 4096, long.Parse(k[4].Split('/')[1], CultureInfo.InvariantCulture), "kernel metadata blocks");
}, needs: Built);

t.Run("data grows by a size and then to the maximum", () =>
{
    long before = pool!.Read().SizeBytes;
    long bySize = pool.ExtendData(4L * 1024 * 1024);
    Check(bySize >= before + 4L * 1024 * 1024, $"data {before} -> {bySize}");
    long max = pool.UseMaximumSize();
    Check(max > bySize, $"data {bySize} -> {max}");
    Equal(0L, query.FindVolumeGroup(Vg)!.FreeExtentCount, "no free extents left");
    Equal(LvmRefusalReason.NoFreeSpace, Throws<LvmRefusedException>(() => pool.UseMaximumSize(),
        "UseMaximumSize on a full VG").Reason, "reason");
    Equal(max / 512, KernelLength(pool), "kernel table reloaded");
}, needs: Built);

t.Run("AddPhysicalDevice grows the pool over /dev/vdb", () =>
{
    long before = pool!.Read().SizeBytes;
    long after = pool.AddPhysicalDevice("/dev/vdb", force: false);
    Check(after > before + 900L * 1024 * 1024, $"data {before} -> {after}");
    Equal("/dev/vda,/dev/vdb", string.Join(',', pool.GetStatus().PhysicalDevices.Order()), "PVs");
    Equal(after / 512, KernelLength(pool), "kernel table reloaded");
    Equal(LvmRefusalReason.DeviceIsPhysicalVolume, Throws<LvmRefusedException>(() =>
        pool.AddPhysicalDevice("/dev/vdb", force: true), "adding it twice").Reason, "reason");
}, needs: Built);

t.Run("adoption refuses a pool in use unless forced", () =>
{
    runner.RunLvm("lvcreate", "-V", "64m", "-T", pool!.FullName, "-n", "thin1");
    Save("lvs-pool-in-use.json", Report("lvs", LvmLogicalVolume.Fields, "-a"));
    var ex = Throws<LvmRefusedException>(() => LvmThinPool.Adopt(runner, Vg, Lv, force: false),
        "adopting a pool with transaction id 1");
    Equal(LvmRefusalReason.PoolInUse, ex.Reason, "reason");
    var byDevice = Throws<LvmRefusedException>(() =>
        LvmThinPool.Adopt(runner, $"/dev/mapper/{pool.DeviceMapperName}-tpool", force: false),
        "adopting it by its -tpool device");
    Equal(LvmRefusalReason.PoolInUse, byDevice.Reason, "reason by device");
    Equal(pool.FullName, LvmThinPool.Adopt(runner, Vg, Lv, force: true).FullName, "forced");
}, needs: Built);

t.Run("teardown removes the pool, volume group, PVs and profile", () =>
{
    Equal(LvmRefusalReason.PoolInUse, Throws<LvmRefusedException>(() =>
        pool!.Remove(removeVolumeGroup: true, force: false), "removing with a thin LV").Reason,
        "reason");
    pool!.Remove(removeVolumeGroup: true, force: true);
    Check(query.FindVolumeGroup(Vg) is null, "volume group gone");
    Check(query.FindPhysicalVolume("/dev/vda") is null && query.FindPhysicalVolume("/dev/vdb") is null,
        "PVs gone");
    Check(!File.Exists(profiles.PathOf(Name)), "profile deleted");
    Check(!Tool("dmsetup", "ls").Contains("tptest", StringComparison.Ordinal), "no dm devices left");
}, needs: Built);

t.Run("rollback leaves nothing when a late step fails", () =>
{
    var failing = new FailingRunner("lvchange --metadataprofile");
    var faulty = new LvmCommandRunner(failing, sink);
    var ex = Throws<LvmCommandException>(() => new LvmThinPoolSetup(faulty).Create(new LvmThinPoolOptions
    {
        Name = "rollback-tptest", VolumeGroup = RollbackVg, PhysicalDevices = ["/dev/vdc"],
    }), "Create with lvchange failing");
    Equal("lvchange", ex.Command, "failed command");
    Check(failing.Fired, "the fault fired");
    Check(query.FindVolumeGroup(RollbackVg) is null, "volume group removed");
    Check(query.FindPhysicalVolume("/dev/vdc") is null, "PV removed");
    Check(!File.Exists(profiles.PathOf("rollback-tptest")), "profile removed");
    Check(!Tool("dmsetup", "ls").Contains("rollback", StringComparison.Ordinal), "no dm devices left");
});

t.Run("rollback leaves nothing when lvconvert fails", () =>
{
    var faulty = new LvmCommandRunner(new FailingRunner("lvconvert"), sink);
    Throws<LvmCommandException>(() => new LvmThinPoolSetup(faulty).Create(new LvmThinPoolOptions
    {
        Name = "rollback-tptest", VolumeGroup = RollbackVg, PhysicalDevices = ["/dev/vdc"],
    }), "Create with lvconvert failing");
    Check(query.FindVolumeGroup(RollbackVg) is null, "volume group removed");
    Check(query.FindPhysicalVolume("/dev/vdc") is null, "PV removed");
    Check(!Tool("dmsetup", "ls").Contains("rollback", StringComparison.Ordinal), "no dm devices left");
});

t.Run("dmeventd autoextends a pool past its threshold", () =>
{
    // A 10%VG pool on /dev/vdc; fill a thin LV past 80 % and wait for dmeventd to grow it.
    var small = new LvmThinPoolSetup(runner).Create(new LvmThinPoolOptions
    {
        Name = "auto-tptest", VolumeGroup = SmallVg, PhysicalDevices = ["/dev/vdc"],
        DataPercent = 10, ChunkSizeBytes = 64 * 1024,
    });
    long before = small.Read().SizeBytes;
    runner.RunLvm("lvcreate", "-V", "512m", "-T", small.FullName, "-n", "fill");
    long mib = before * 85 / 100 / (1024 * 1024);
    Tool("dd", "if=/dev/urandom", $"of=/dev/mapper/{SmallVg.Replace("-", "--")}-fill", "bs=1M",
        $"count={mib}", "oflag=direct", "status=none");
    long after = before;
    var clock = System.Diagnostics.Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(90) && after == before)
    {
        Thread.Sleep(2000);
        after = small.Read().SizeBytes;
    }

    Console.WriteLine($"       autoextend: {before} -> {after} bytes after {clock.Elapsed.TotalSeconds:0} s");
    Check(after > before, "dmeventd grew the pool within 90 s");
    small.Remove(removeVolumeGroup: true, force: true);
});

Sweep();
Console.WriteLine($"Tests: {t.Passed} passed, {t.Failed} failed, {t.Skipped} skipped");
return t.Failed == 0 ? 0 : 1;

LvmThinPoolOptions Options(bool force = false) => new()
{
    Name = Name, VolumeGroup = Vg, LogicalVolume = Lv, PhysicalDevices = ["/dev/vda"], Force = force,
};

long KernelLength(LvmThinPool p)
{
    // Once thin LVs exist lvm moves the pool target to NAME-tpool; either way one line.
    string name = Tool("dmsetup", "ls").Contains(p.DeviceMapperName + "-tpool", StringComparison.Ordinal)
        ? p.DeviceMapperName + "-tpool"
        : p.DeviceMapperName;
    return long.Parse(Tool("dmsetup", "status", name).Split(' ')[1], CultureInfo.InvariantCulture);
}

string Report(string command, string fields, params string[] extra) =>
    Tool("lvm", [command, .. extra, "--reportformat", "json", "--units", "b", "--nosuffix", "-o", fields]);

void Save(string file, string text)
{
    if (samples is not null)
    {
        File.WriteAllText(Path.Combine(samples, file), text);
    }
}

static bool IsDmeventd(string procDir)
{
    try
    {
        return File.ReadAllText(Path.Combine(procDir, "comm")).Trim() == "dmeventd";
    }
    catch (IOException)
    {
        return false;
    }
    catch (UnauthorizedAccessException)
    {
        return false;
    }
}

void Sweep()
{
    foreach (LvmVolumeGroup vg in query.VolumeGroups().Where(v => v.Name.EndsWith("tptest", StringComparison.Ordinal)))
    {
        TryTool("lvm", "vgremove", "-ff", "--yes", vg.Name);
    }

    foreach (string d in new[] { "/dev/vda", "/dev/vdb", "/dev/vdc" })
    {
        TryTool("lvm", "pvremove", "-ff", "--yes", d);
        TryTool("wipefs", "--all", "--quiet", d);
    }

    foreach (string f in new[] { Name, "rollback-tptest", "auto-tptest" })
    {
        File.Delete(profiles.PathOf(f));
    }
}
