using System.Diagnostics;
using System.Security.Cryptography;
using ThinPool.Engine.Kernel;
using ThinPool.Engine.Kernel.Status;

namespace ThinPool.Kernel.Tests;

/// <summary>
/// What a scenario works with: the control device, a scratch directory, and helpers. Every
/// device a scenario makes carries <see cref="Suffix"/>, so <see cref="Sweep"/> can remove
/// leftovers of this or an earlier crashed run without touching anything else.
/// </summary>
internal sealed class KernelTestContext : IDisposable
{
    /// <summary>
    /// Marks every test device name; loops are found by their backing files' folder.
    /// </summary>
    public const string Suffix = ".tpkt";

    public const string WorkRoot = "/tmp/thinpool-kernel-tests";

    public KernelTestContext(string scenario)
    {
        Dm = DmControl.Open();
        WorkDir = Path.Combine(WorkRoot, scenario);
        Directory.CreateDirectory(WorkDir);
        Trace = new List<string>();
        Dm.Trace = Trace.Add;
    }

    public DmControl Dm { get; }

    public string WorkDir { get; }

    public List<string> Trace { get; }

    /// <summary>A pool device name with the test suffix.</summary>
    public static string PoolName(string stem) => stem + Suffix;

    public string FilePath(string name) => Path.Combine(WorkDir, name);

    /// <summary>Makes a sparse file; <paramref name="zeroHead"/> zeroes its first 4 KiB.</summary>
    public string SparseFile(string name, long bytes)
    {
        string path = FilePath(name);
        using var f = new FileStream(path, FileMode.Create, FileAccess.ReadWrite);
        f.SetLength(bytes);
        return path;
    }

    public static void Grow(string path, long bytes)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.SetLength(bytes);
    }

    /// <summary>Attaches data and metadata files and activates a pool on them.</summary>
    public (KernelThinPool Pool, LoopDevice Data, LoopDevice Meta) LoopPool(string stem,
        long dataBytes, long metaBytes, ThinPoolFeatures features, ulong lowWater = 0)
    {
        string data = SparseFile(stem + ".data", dataBytes);
        string meta = SparseFile(stem + ".meta", metaBytes);
        LoopDevice d = LoopDevice.AttachOrFind(data);
        LoopDevice m = LoopDevice.AttachOrFind(meta);
        var table = new ThinPoolTable(d.SizeSectors, m.Path, d.Path, 128, lowWater, features);
        return (KernelThinPool.Activate(Dm, PoolName(stem), table), d, m);
    }

    /// <summary>Runs dd; returns its exit code and stderr.</summary>
    public static (int Code, string Error) Dd(params string[] args)
    {
        var psi = new ProcessStartInfo("dd") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("status=none");
        using Process p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err);
    }

    /// <summary>
    /// Writes <paramref name="mib"/> MiB of random data at <paramref name="atMib"/>, O_DIRECT.
    /// </summary>
    public static void WriteRandom(string device, int atMib, int mib)
    {
        var (code, err) = Dd("if=/dev/urandom", $"of={device}", "bs=1M", $"seek={atMib}",
            $"count={mib}", "oflag=direct");
        Check.True(code == 0, $"dd to {device} failed: {err}");
    }

    public static string Hash(string device, long offset, long bytes)
    {
        using var f = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite,
            1, FileOptions.None);
        f.Position = offset;
        byte[] buffer = new byte[bytes];
        f.ReadExactly(buffer);
        return Convert.ToHexString(SHA256.HashData(buffer));
    }

    /// <summary>
    /// Removes every test device (thin volumes first, then pools, then anything else) and
    /// detaches every loop whose backing file lies under <see cref="WorkRoot"/>.
    /// </summary>
    public void Sweep()
    {
        var ours = Dm.ListDevices().Where(d => d.Name.Contains(Suffix, StringComparison.Ordinal))
            .Select(d => d.Name).ToList();
        var ordered = ours.OrderBy(n => TargetType(n) == ThinTable.TargetType ? 0
            : TargetType(n) == ThinPoolTable.TargetType ? 1 : 2);
        foreach (string name in ordered)
        {
            try
            {
                Dm.Resume(name); // a device left suspended would block removal of its users
            }
            catch (DeviceMapperException)
            {
            }

            _ = Dm.RemoveWithRetry(name, TimeSpan.FromSeconds(2), deferIfBusy: true);
        }

        _ = Dm.Nodes.Sweep(Dm.ListDevices());
        if (!Directory.Exists(WorkRoot))
        {
            return;
        }

        foreach (string file in Directory.EnumerateFiles(WorkRoot, "*", SearchOption.AllDirectories))
        {
            LoopDevice.FindAttached(file)?.Detach();
        }
    }

    /// <summary>Fails when a test device or loop survived the sweep.</summary>
    public void CheckSwept()
    {
        var left = Dm.ListDevices().Where(d => d.Name.Contains(Suffix, StringComparison.Ordinal))
            .Select(d => d.Name).ToList();
        Check.True(left.Count == 0, $"devices left after sweep: {string.Join(", ", left)}");
    }

    public void Dispose()
    {
        Dm.Dispose();
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string TargetType(string name)
    {
        try
        {
            var table = Dm.GetTable(name);
            return table.Count > 0 ? table[0].TargetType : string.Empty;
        }
        catch (DeviceMapperException)
        {
            return string.Empty;
        }
    }
}
