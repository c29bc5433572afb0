using System.Diagnostics;
using System.Security.Cryptography;
using ThinPool.Engine.IO;
using ThinPool.Engine.Kernel;
using ThinPool.Engine.Kernel.Status;
using ThinPool.Engine.Metadata;

namespace ThinPool.Kernel.Tests;

// The two backends over one on-disk pool: the kernel activates what the offline engine
// formatted and wrote, and the offline engine reads what the kernel wrote. thin_check (from
// the host root the VM runs in) judges the metadata each time.
internal static partial class Scenarios
{
    private const int BlockBytes = 64 * 1024;

    public static IReadOnlyList<Scenario> Offline { get; } =
    [
        new("kernel-activates-offline-formatted-pool", KernelActivatesOfflinePool),
        new("offline-engine-reads-kernel-pool", OfflineReadsKernelPool),
        new("offline-engine-reads-live-metadata-snapshot", OfflineReadsLiveMetadataSnapshot),
    ];

    private static void KernelActivatesOfflinePool(KernelTestContext c)
    {
        string dataPath = c.SparseFile("off.data", 64 * MiB);
        string metaPath = c.SparseFile("off.meta", 4 * MiB);
        byte[] pattern = RandomNumberGenerator.GetBytes(4 * BlockBytes);
        using (FileBlockDevice meta = FileBlockDevice.Open(metaPath, readOnly: false))
        using (FileBlockDevice data = FileBlockDevice.Open(dataPath, readOnly: false))
        using (ThinMetadata md = ThinMetadata.Format(meta, 128, 64 * MiB / BlockBytes))
        {
            md.CreateThin(0);
            for (ulong vb = 0; vb < 4; vb++)
            {
                BlockAllocation a = md.Map(0, vb);
                data.Write((long)a.DataBlock * BlockBytes,
                    pattern.AsSpan((int)vb * BlockBytes, BlockBytes));
            }

            data.Flush();
            md.SetTransactionId(0, 5);
            md.Commit();
        }

        ThinCheck(metaPath, "offline-formatted metadata");
        LoopDevice d = LoopDevice.AttachOrFind(dataPath);
        LoopDevice m = LoopDevice.AttachOrFind(metaPath);
        var table = new ThinPoolTable(d.SizeSectors, m.Path, d.Path, 128, 0, ThinPoolFeatures.None);
        KernelThinPool pool = KernelThinPool.Activate(c.Dm, KernelTestContext.PoolName("off"), table);
        ThinPoolTargetStatus s = pool.GetStatus();
        Check.Equal(5UL, s.TransactionId, "transaction id the engine committed");
        Check.Equal(4UL, s.DataBlocksUsed, "data blocks the engine mapped");
        KernelThinVolume v = pool.ActivateVolume("v0", 0, VolumeSectors);
        Check.Equal(Convert.ToHexString(SHA256.HashData(pattern)),
            KernelTestContext.Hash(v.DevicePath, 0, pattern.Length), "kernel reads the engine's data");
        Check.Equal(Convert.ToHexString(SHA256.HashData(new byte[BlockBytes])),
            KernelTestContext.Hash(v.DevicePath, 4 * BlockBytes, BlockBytes), "unmapped block reads zero");

        KernelTestContext.WriteRandom(v.DevicePath, 1, 1);
        pool.CreateSnapshot(1, 0, v.Name);
        pool.SetTransactionId(5, 6);
        pool.DeactivateVolume("v0");
        pool.Deactivate();
        ThinCheck(metaPath, "metadata after the kernel changed the engine's pool");
    }

    private static void OfflineReadsKernelPool(KernelTestContext c)
    {
        var (pool, data, meta) = c.LoopPool("kw", 64 * MiB, 4 * MiB, ThinPoolFeatures.SkipBlockZeroing);
        pool.CreateThin(0);
        KernelThinVolume v = pool.ActivateVolume("v0", 0, VolumeSectors);
        KernelTestContext.WriteRandom(v.DevicePath, 2, 1);
        string hash = KernelTestContext.Hash(v.DevicePath, 2 * MiB, MiB);
        pool.CreateSnapshot(1, 0, v.Name);
        pool.SetTransactionId(0, 3);
        pool.DeactivateVolume("v0");
        pool.Deactivate();
        data.Detach();
        meta.Detach();
        string metaPath = c.FilePath("kw.meta");
        ThinCheck(metaPath, "kernel-written metadata");

        using FileBlockDevice metaDev = FileBlockDevice.Open(metaPath, readOnly: true);
        using FileBlockDevice dataDev = FileBlockDevice.Open(c.FilePath("kw.data"), readOnly: true);
        using ThinMetadata md = ThinMetadata.Open(metaDev, readOnly: true);
        Check.Equal(3UL, md.TransactionId, "transaction id the kernel committed");
        Check.Equal("0,1", string.Join(",", md.Devices.Select(d => d.DeviceId)), "device ids");
        Check.Equal(16UL, md.Devices[0].MappedBlocks, "mapped blocks of device 0");
        Check.Equal(16UL, md.DataBlocksUsed, "data blocks used (shared by the snapshot)");
        var mappings = md.GetMappings(0).ToList();
        Check.Equal(32UL, mappings[0].VirtualBlock, "first mapped virtual block");
        byte[] bytes = new byte[MiB];
        foreach (BlockMapping map in mappings)
        {
            dataDev.Read((long)map.DataBlock * BlockBytes,
                bytes.AsSpan((int)(map.VirtualBlock - 32) * BlockBytes, BlockBytes));
        }

        Check.Equal(hash, Convert.ToHexString(SHA256.HashData(bytes)), "engine reads the kernel's data");
    }

    // How the pool layer can list a live loop-mode pool's devices: hold a metadata snapshot and
    // read it from the backing file (the loop writes through the file's page cache).
    private static void OfflineReadsLiveMetadataSnapshot(KernelTestContext c)
    {
        var (pool, _, _) = c.LoopPool("live", 64 * MiB, 4 * MiB, ThinPoolFeatures.SkipBlockZeroing);
        pool.CreateThin(0);
        KernelThinVolume v = pool.ActivateVolume("v0", 0, VolumeSectors);
        KernelTestContext.WriteRandom(v.DevicePath, 0, 1);
        pool.CreateSnapshot(7, 0, v.Name);
        pool.SetTransactionId(0, 2);
        pool.ReserveMetadataSnapshot();
        try
        {
            using FileBlockDevice metaDev = FileBlockDevice.Open(c.FilePath("live.meta"), readOnly: true);
            using ThinMetadata md = ThinMetadata.OpenMetadataSnapshot(metaDev);
            Check.Equal("0,7", string.Join(",", md.Devices.Select(d => d.DeviceId)), "device ids");
            Check.Equal(16UL, md.Devices[1].MappedBlocks, "snapshot shares 16 blocks");
            Check.Equal(2UL, md.TransactionId, "transaction id");
        }
        finally
        {
            pool.ReleaseMetadataSnapshot();
        }

        Check.Equal(null, pool.GetStatus().HeldMetadataRoot, "held root after release");
    }

    private static void ThinCheck(string metadataPath, string what)
    {
        const string tool = "/usr/sbin/thin_check";
        if (!File.Exists(tool))
        {
            Console.WriteLine($"  (no {tool}: {what} not checked)");
            return;
        }

        // thin_check opens with O_DIRECT, which tmpfs refuses: check through a read-only loop.
        LoopDevice loop = LoopDevice.Attach(metadataPath, readOnly: true);
        try
        {
            var psi = new ProcessStartInfo(tool)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            psi.ArgumentList.Add(loop.Path);
            using Process p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            Check.True(p.ExitCode == 0, $"thin_check failed on {what}: {output}");
        }
        finally
        {
            loop.Detach();
        }
    }
}
