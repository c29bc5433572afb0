using ThinPool.Engine.Kernel;
using ThinPool.Engine.Kernel.Status;

namespace ThinPool.Kernel.Tests;

/// <summary>The real-kernel scenarios, all through our engine layer (no dmsetup).</summary>
internal static partial class Scenarios
{
    private const long MiB = 1024 * 1024;
    private const ulong VolumeSectors = 64 * MiB / 512;

    public static IReadOnlyList<Scenario> All => [.. Kernel, .. Offline];

    public static IReadOnlyList<Scenario> Kernel { get; } =
    [
        new("version-and-targets", VersionAndTargets),
        new("buffer-regrow", BufferRegrow),
        new("loop-attach-find-detach", LoopAttachFindDetach),
        new("pool-thin-snapshot-diverge", PoolThinSnapshotDiverge),
        new("teardown-and-reactivate", TeardownAndReactivate),
        new("live-resize-data-and-metadata", LiveResize),
        new("full-pool-enospc-then-resize", FullPoolThenResize),
        new("deferred-remove-while-open", DeferredRemoveWhileOpen),
        new("metadata-snapshot-held-root", MetadataSnapshot),
        new("errors-name-command-device-errno", Errors),
        new("crash-convergence", CrashConvergence),
        new("autoclear-loops-go-with-pool", AutoClearLoops),
        new("activate-on-files-converges", ActivateOnFilesConverges),
    ];

    private static void VersionAndTargets(KernelTestContext c)
    {
        Version v = c.Dm.GetInterfaceVersion();
        Check.Equal(4, v.Major, "DM_VERSION major");
        Console.WriteLine($"  DM_VERSION {v}");
        var (pool, _, _) = c.LoopPool("ver", 64 * MiB, 4 * MiB, ThinPoolFeatures.None);
        DmTargetVersion? thinPool = c.Dm.ListTargetVersions().FirstOrDefault(t => t.Name == "thin-pool");
        Check.True(thinPool is not null, "thin-pool target not listed");
        Check.True(thinPool!.Version >= new Version(1, 0), "thin-pool version");
        Console.WriteLine($"  thin-pool {thinPool.Version}");
        Check.True(c.Dm.ListDevices().Any(d => d.Name == pool.Name), "pool not in DM_LIST_DEVICES");
        Check.True(File.Exists(pool.DevicePath), $"{pool.DevicePath} node missing");
    }

    private static void BufferRegrow(KernelTestContext c)
    {
        var (pool, _, _) = c.LoopPool("buf", 64 * MiB, 4 * MiB, ThinPoolFeatures.SkipBlockZeroing);
        string statusBig = c.Dm.GetStatus(pool.Name)[0].Parameters;
        int listBig = c.Dm.ListTargetVersions().Count;
        c.Dm.FirstBufferBytes = 0; // header + 8 bytes: every answer overflows at first
        c.Trace.Clear();
        Check.Equal(statusBig, c.Dm.GetStatus(pool.Name)[0].Parameters, "status after regrow");
        Check.Equal(listBig, c.Dm.ListTargetVersions().Count, "target list after regrow");
        Check.True(c.Dm.ListDevices().Any(d => d.Name == pool.Name), "device list after regrow");
        Check.True(c.Trace.Any(t => t.Contains("buffer full")), "no buffer-full retry was traced");
    }

    private static void LoopAttachFindDetach(KernelTestContext c)
    {
        string file = c.SparseFile("loop.img", 32 * MiB);
        LoopDevice loop = LoopDevice.Attach(file);
        Check.Equal(32 * MiB, loop.SizeBytes, "loop size");
        Check.Equal((ulong)(32 * MiB / 512), BlockDeviceSize.Sectors(loop.Path), "sysfs size");
        Check.Equal(loop.Number, LoopDevice.FindAttached(file)?.Number, "FindAttached");
        Check.Equal(loop.Number, LoopDevice.AttachOrFind(file).Number, "AttachOrFind converges");
        LoopStatus status = loop.GetStatus();
        Check.True(file.EndsWith(status.FileName, StringComparison.Ordinal) || status.FileName.Length == 63,
            $"lo_file_name '{status.FileName}'");
        KernelTestContext.Grow(file, 48 * MiB);
        loop.RefreshCapacity();
        Check.Equal(48 * MiB, loop.SizeBytes, "size after LOOP_SET_CAPACITY");
        loop.Detach();
        Check.Eventually(() => LoopDevice.FindAttached(file) is null, "loop still attached after detach");
    }

    private static void PoolThinSnapshotDiverge(KernelTestContext c)
    {
        var (pool, _, _) = c.LoopPool("snap", 256 * MiB, 8 * MiB, ThinPoolFeatures.SkipBlockZeroing);
        ThinPoolTargetStatus fresh = pool.GetStatus();
        Check.Equal(0UL, fresh.TransactionId, "fresh transaction id");
        Check.Equal(256UL * MiB / (64 * 1024), fresh.DataBlocksTotal, "data blocks total");
        Check.Equal(ThinPoolMode.ReadWrite, fresh.Mode, "mode");
        ThinPoolTable table = pool.GetTable();
        Check.Equal(128u, table.DataBlockSizeSectors, "table block size");
        Check.Equal(ThinPoolFeatures.SkipBlockZeroing, table.Features, "table features");

        pool.CreateThin(0);
        pool.SetTransactionId(0, 1);
        KernelThinVolume origin = pool.ActivateVolume("v0", 0, VolumeSectors);
        Check.Equal(ThinTargetStatus.Parse("0 -"), origin.GetStatus(), "empty thin status");
        KernelTestContext.WriteRandom(origin.DevicePath, 4, 4);
        ThinTargetStatus written = origin.GetStatus();
        Check.Equal(4UL * MiB / 512, written.MappedSectors, "mapped sectors after 4 MiB");
        Check.Equal(8UL * MiB / 512 - 1, written.HighestMappedSector, "highest mapped sector");
        string before = KernelTestContext.Hash(origin.DevicePath, 0, 12 * MiB);

        pool.CreateSnapshot(1, 0, activeOrigin: origin.Name);
        Check.True(!origin.GetInfo().IsSuspended, "origin left suspended");
        pool.SetTransactionId(1, 2);
        KernelThinVolume snap = pool.ActivateVolume("s1", 1, VolumeSectors);
        Check.Equal(before, KernelTestContext.Hash(snap.DevicePath, 0, 12 * MiB), "snapshot = origin");
        ulong usedBefore = pool.GetStatus().DataBlocksUsed;

        KernelTestContext.WriteRandom(snap.DevicePath, 4, 1);
        Check.True(before != KernelTestContext.Hash(snap.DevicePath, 0, 12 * MiB),
            "snapshot did not diverge");
        Check.Equal(before, KernelTestContext.Hash(origin.DevicePath, 0, 12 * MiB), "origin changed");
        Check.Equal(usedBefore + 16, pool.GetStatus().DataBlocksUsed, "1 MiB broke 16 shared blocks");

        Check.Equal(DmRemoveOutcome.Removed, pool.DeactivateVolume("s1"), "remove snapshot");
        pool.Delete(1);
        Check.Equal(2UL, pool.GetStatus().TransactionId, "transaction id");
        Check.Equal(DmRemoveOutcome.Removed, pool.DeactivateVolume("v0"), "remove origin");
        Check.True(!File.Exists(origin.DevicePath), "volume node left behind");
        Check.Equal(DmRemoveOutcome.Removed, pool.Deactivate(), "remove pool");
    }

    private static void TeardownAndReactivate(KernelTestContext c)
    {
        var (pool, data, meta) = c.LoopPool("re", 128 * MiB, 8 * MiB, ThinPoolFeatures.None);
        pool.CreateThin(5);
        pool.SetTransactionId(0, 7);
        KernelThinVolume v = pool.ActivateVolume("v5", 5, VolumeSectors);
        KernelTestContext.WriteRandom(v.DevicePath, 0, 4);
        string hash = KernelTestContext.Hash(v.DevicePath, 0, 4 * MiB);
        pool.DeactivateVolume("v5");
        pool.Deactivate();
        Check.True(c.Dm.TryGetInfo(pool.Name) is null, "pool still present");

        KernelThinPool again = KernelThinPool.Activate(c.Dm, pool.Name, meta.Path, data.Path, 128, 0,
            ThinPoolFeatures.None);
        Check.Equal(data.SizeSectors, again.GetTable().LengthSectors, "length from the data device");
        ThinPoolTargetStatus s = again.GetStatus();
        Check.Equal(7UL, s.TransactionId, "transaction id after re-activation");
        Check.Equal(64UL, s.DataBlocksUsed, "data blocks after re-activation");
        KernelThinVolume v2 = again.ActivateVolume("v5", 5, VolumeSectors);
        Check.Equal(hash, KernelTestContext.Hash(v2.DevicePath, 0, 4 * MiB), "data after re-activation");
        Check.Equal(v.Name, again.FindVolume("v5")?.Name, "FindVolume");
        Check.Equal(pool.Name, KernelThinPool.Find(c.Dm, pool.Name)?.Name, "Find pool");
    }

    private static void LiveResize(KernelTestContext c)
    {
        var (pool, data, meta) = c.LoopPool("rs", 16 * MiB, 4 * MiB, ThinPoolFeatures.SkipBlockZeroing);
        pool.CreateThin(0);
        KernelThinVolume v = pool.ActivateVolume("v0", 0, VolumeSectors);
        KernelTestContext.WriteRandom(v.DevicePath, 0, 2);
        string hash = KernelTestContext.Hash(v.DevicePath, 0, 2 * MiB);
        ThinPoolTargetStatus before = pool.GetStatus();

        KernelTestContext.Grow(c.FilePath("rs.data"), 32 * MiB);
        data.RefreshCapacity();
        ThinPoolTable table = pool.GetTable() with { LengthSectors = data.SizeSectors };
        pool.Reload(table);
        ThinPoolTargetStatus grown = pool.GetStatus();
        Check.Equal(2 * before.DataBlocksTotal, grown.DataBlocksTotal, "data blocks after resize");

        KernelTestContext.Grow(c.FilePath("rs.meta"), 8 * MiB);
        meta.RefreshCapacity();
        pool.Refresh();
        ThinPoolTargetStatus metaGrown = pool.GetStatus();
        Check.Equal(2 * before.MetadataBlocksTotal, metaGrown.MetadataBlocksTotal, "metadata blocks");
        Check.Equal(hash, KernelTestContext.Hash(v.DevicePath, 0, 2 * MiB), "data across resizes");
        KernelTestContext.WriteRandom(v.DevicePath, 2, 20);
        Check.True(pool.GetStatus().DataBlocksUsed > before.DataBlocksTotal, "did not use the new space");
        Check.True(!v.GetInfo().IsSuspended && !pool.GetInfo().IsSuspended, "left suspended");
    }

    private static void FullPoolThenResize(KernelTestContext c)
    {
        var (pool, data, _) = c.LoopPool("full", 8 * MiB, 4 * MiB,
            ThinPoolFeatures.ErrorIfNoSpace | ThinPoolFeatures.SkipBlockZeroing);
        pool.CreateThin(0);
        KernelThinVolume v = pool.ActivateVolume("v0", 0, VolumeSectors);
        var (code, err) = KernelTestContext.Dd("if=/dev/zero", $"of={v.DevicePath}", "bs=1M",
            "count=16", "oflag=direct");
        Check.True(code != 0, "writing past the data space succeeded");
        Check.True(err.Contains("No space left on device"), $"dd said: {err}");
        ThinPoolTargetStatus full = pool.GetStatus();
        Check.Equal(ThinPoolMode.OutOfDataSpace, full.Mode, "mode when full");
        Check.Equal(true, full.ErrorIfNoSpace, "error_if_no_space");
        Check.Equal(full.DataBlocksTotal, full.DataBlocksUsed, "all data blocks used");

        KernelTestContext.Grow(c.FilePath("full.data"), 32 * MiB);
        data.RefreshCapacity();
        pool.Reload(pool.GetTable() with { LengthSectors = data.SizeSectors });
        Check.Equal(ThinPoolMode.ReadWrite, pool.GetStatus().Mode, "mode after resize");
        KernelTestContext.WriteRandom(v.DevicePath, 0, 16);
        Check.Equal(16UL * MiB / 512, v.GetStatus().MappedSectors, "mapped after recovery");
    }

    private static void DeferredRemoveWhileOpen(KernelTestContext c)
    {
        var (pool, _, _) = c.LoopPool("def", 64 * MiB, 4 * MiB, ThinPoolFeatures.None);
        pool.CreateThin(0);
        KernelThinVolume v = pool.ActivateVolume("v0", 0, VolumeSectors);
        using (var holder = new FileStream(v.DevicePath, FileMode.Open, FileAccess.Read))
        {
            Check.Equal(1, v.GetInfo().OpenCount, "open count");
            var busy = Check.Throws<DeviceMapperException>(() => c.Dm.Remove(v.Name), "plain remove");
            Check.Equal(16, busy.Errno, "errno of removing an open device");
            Check.Equal(DmRemoveOutcome.Deferred, pool.DeactivateVolume("v0", deferIfBusy: true),
                "outcome");
            Check.True(v.GetInfo().IsDeferredRemove, "deferred flag not set");
        }

        Check.Eventually(() => c.Dm.TryGetInfo(v.Name) is null, "device still there after close");
        Check.Equal(DmRemoveOutcome.NotFound, pool.DeactivateVolume("v0"), "second removal");
        pool.Delete(0);
    }

    private static void MetadataSnapshot(KernelTestContext c)
    {
        var (pool, _, _) = c.LoopPool("msnap", 64 * MiB, 4 * MiB, ThinPoolFeatures.None);
        pool.CreateThin(0);
        pool.ReserveMetadataSnapshot();
        ulong? held = pool.GetStatus().HeldMetadataRoot;
        Check.True(held is > 0, "no held root after reserve_metadata_snap");
        var busy = Check.Throws<DeviceMapperException>(pool.ReserveMetadataSnapshot, "second reserve");
        Check.True(busy.Message.Contains("reserve_metadata_snap"), $"message: {busy.Message}");
        pool.ReleaseMetadataSnapshot();
        Check.Equal(null, pool.GetStatus().HeldMetadataRoot, "held root after release");
    }

    private static void Errors(KernelTestContext c)
    {
        var (pool, data, meta) = c.LoopPool("err", 64 * MiB, 4 * MiB, ThinPoolFeatures.None);
        var table = new ThinPoolTable(data.SizeSectors, meta.Path, data.Path, 128, 0, default);
        var taken = Check.Throws<DeviceMapperException>(
            () => KernelThinPool.Activate(c.Dm, pool.Name, table), "same name twice");
        Check.Equal("DM_DEV_CREATE", taken.Command, "command");
        Check.Equal(pool.Name, taken.Device, "device");
        Check.Equal(16, taken.Errno, "errno");

        pool.CreateThin(3);
        var exists = Check.Throws<DeviceMapperException>(() => pool.CreateThin(3), "duplicate id");
        Check.Equal("DM_TARGET_MSG", exists.Command, "message command");
        Check.True(exists.Message.Contains("create_thin 3"), $"message text: {exists.Message}");
        var cas = Check.Throws<DeviceMapperException>(() => pool.SetTransactionId(9, 10), "bad CAS");
        Check.Equal(22, cas.Errno, "set_transaction_id mismatch errno");

        string badName = KernelTestContext.PoolName("bad");
        var bad = new ThinPoolTable(data.SizeSectors, "/dev/nonexistent-meta", data.Path, 128, 0, default);
        Check.Throws<DeviceMapperException>(() => KernelThinPool.Activate(c.Dm, badName, bad), "bad table");
        Check.True(c.Dm.TryGetInfo(badName) is null, "failed activation left a device");
        Check.True(!File.Exists(c.Dm.Nodes.PathOf(badName)), "failed activation left a node");
        Check.Equal(DmRemoveOutcome.NotFound, c.Dm.RemoveWithRetry("absent" + KernelTestContext.Suffix,
            TimeSpan.Zero, false), "removing an absent device");
    }

    private static void CrashConvergence(KernelTestContext c)
    {
        var (pool, data, meta) = c.LoopPool("crash", 64 * MiB, 4 * MiB, ThinPoolFeatures.None);
        pool.CreateThin(0);
        pool.ActivateVolume("v0", 0, VolumeSectors);

        // A second run after a crash: the same files find the same loops, the pool is found
        // active, and nothing new is stacked on top.
        int loopsBefore = Directory.EnumerateDirectories("/sys/block", "loop*")
            .Count(d => Directory.Exists(Path.Combine(d, "loop")));
        Check.Equal(data.Number, LoopDevice.AttachOrFind(c.FilePath("crash.data")).Number, "data loop");
        Check.Equal(meta.Number, LoopDevice.AttachOrFind(c.FilePath("crash.meta")).Number, "meta loop");
        int loopsAfter = Directory.EnumerateDirectories("/sys/block", "loop*")
            .Count(d => Directory.Exists(Path.Combine(d, "loop")));
        Check.Equal(loopsBefore, loopsAfter, "attached loops");
        KernelThinPool? found = KernelThinPool.Find(c.Dm, pool.Name);
        Check.True(found?.FindVolume("v0") is not null, "active volume not found");

        // A stale node (left by a deferred removal without udev) is swept.
        string stale = c.Dm.Nodes.PathOf("stale" + KernelTestContext.Suffix);
        Check.Equal(0, ThinPool.Engine.Kernel.Interop.Sys.MknodBlock(stale, found!.GetInfo().Device.Dev,
            0b110_000_000), "mknod of a stale node");
        Check.True(c.Dm.Nodes.Sweep(c.Dm.ListDevices()).Contains(Path.GetFileName(stale)), "stale node kept");
    }

    private static void AutoClearLoops(KernelTestContext c)
    {
        var (pool, data, meta) = c.LoopPool("ac", 64 * MiB, 4 * MiB, ThinPoolFeatures.None);
        data.SetAutoClear(true);
        meta.SetAutoClear(true);
        Check.True(data.GetStatus().IsAutoClear, "autoclear flag not set");
        Check.True(LoopDevice.FindAttached(c.FilePath("ac.data")) is not null, "pool lost its loop");
        pool.Deactivate();
        Check.Eventually(() => LoopDevice.FindAttached(c.FilePath("ac.data")) is null
            && LoopDevice.FindAttached(c.FilePath("ac.meta")) is null, "loops outlived the pool");
    }

    private static void ActivateOnFilesConverges(KernelTestContext c)
    {
        string data = c.SparseFile("of.data", 64 * MiB);
        string meta = c.SparseFile("of.meta", 4 * MiB);
        string name = KernelTestContext.PoolName("of");
        KernelThinPool pool = KernelThinPool.ActivateOnFiles(c.Dm, name, meta, data, 128, 16,
            ThinPoolFeatures.SkipBlockZeroing);
        LoopDevice? dataLoop = LoopDevice.FindAttached(data);
        Check.True(dataLoop is not null && dataLoop.GetStatus().IsAutoClear, "data loop not autoclear");
        pool.CreateThin(0);

        KernelThinPool again = KernelThinPool.ActivateOnFiles(c.Dm, name, meta, data, 128, 16,
            ThinPoolFeatures.SkipBlockZeroing);
        Check.Equal(pool.GetInfo().Device, again.GetInfo().Device, "second call found the pool");
        Check.Equal(dataLoop!.Number, LoopDevice.FindAttached(data)?.Number, "same data loop");
        Check.Equal(16UL, again.GetTable().LowWaterMarkBlocks, "low water mark");

        again.Deactivate();
        Check.Eventually(() => LoopDevice.FindAttached(data) is null
            && LoopDevice.FindAttached(meta) is null, "loops outlived the pool");

        string missing = c.FilePath("absent.data");
        Check.Throws<LoopDeviceException>(() => KernelThinPool.ActivateOnFiles(c.Dm, name, meta,
            missing, 128, 0, ThinPoolFeatures.None), "missing data file");
        Check.True(LoopDevice.FindAttached(meta) is null, "failed activation left the metadata loop");
        Check.True(c.Dm.TryGetInfo(name) is null, "failed activation left the pool");
    }
}
