using System.Diagnostics;
using System.Globalization;
using System.Text;
using ThinPool.Bench;
using ThinPool.Engine.Data;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;

// Side-by-side timings of the engine against thin-provisioning-tools and dd.
// Usage: ThinPool.Bench <work directory> <results.md>
string work = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "thinpool-bench");
string resultsPath = args.Length > 1 ? args[1] : "results.md";
Directory.CreateDirectory(work);
var rows = new List<Row>();
string P(string name) => Path.Combine(work, name);

const long MetadataBytes = 256L << 20;
const int Devices = 10;
const int Mappings = 1_000_000;
Console.WriteLine($"generating {Mappings} mappings over {Devices} devices ...");
BenchXml.Write(P("big.xml"), Devices, Mappings, 1UL << 22);

// (a) import vs thin_restore
double ours = Best(3, () =>
{
    using var device = FileBlockDevice.Create(P("ours.bin"), MetadataBytes, overwrite: true);
    using var reader = new StreamReader(P("big.xml"));
    using var metadata = ThinXml.Import(reader, device);
});
double theirs = Best(3, () =>
{
    using (var f = new FileStream(P("theirs.bin"), FileMode.Create))
    {
        f.SetLength(MetadataBytes);
    }

    Tool("thin_restore", $"-q -i {P("big.xml")} -o {P("theirs.bin")}");
});
string same = Shell($"thin_dump {P("ours.bin")} | cmp -s - <(thin_dump {P("theirs.bin")}) && echo equal || echo DIFFERENT").Trim();
rows.Add(new("import 1M mappings, 10 devs (XML -> metadata)", ours, "thin_restore", theirs, 2.0,
    $"thin_dump of both images {same}"));

// (b) export vs thin_dump
ours = Best(3, () =>
{
    using var device = FileBlockDevice.Open(P("ours.bin"), readOnly: true);
    using var metadata = ThinMetadata.Open(device, readOnly: true);
    using var writer = new StreamWriter(P("ours.xml"), false, new UTF8Encoding(false), 1 << 20);
    ThinXml.Export(metadata, writer);
});
theirs = Best(3, () => Shell($"thin_dump {P("ours.bin")} > {P("theirs.xml")}"));
same = Shell($"cmp -s {P("ours.xml")} {P("theirs.xml")} && echo equal || echo DIFFERENT").Trim();
rows.Add(new("export (metadata -> XML)", ours, "thin_dump", theirs, 1.0, $"outputs {same}"));

// (c) full check vs thin_check
bool clean = false;
ours = Best(3, () =>
{
    using var device = FileBlockDevice.Open(P("ours.bin"), readOnly: true);
    clean = MetadataChecker.Check(device).IsClean;
});
theirs = Best(3, () => Tool("thin_check", P("ours.bin")));
rows.Add(new("full check (ours also checks data counts)", ours, "thin_check", theirs, 1.0,
    clean ? "clean" : "NOT CLEAN"));

// (d) snapshot of a 1-mapping origin vs a 1,000,000-mapping origin
File.WriteAllText(P("snap.xml"),
    "<superblock uuid=\"\" time=\"0\" transaction=\"0\" flags=\"0\" version=\"2\" data_block_size=\"128\" nr_data_blocks=\"2000000\">\n"
    + "  <device dev_id=\"1\" mapped_blocks=\"1\" transaction=\"0\" creation_time=\"0\" snap_time=\"0\">\n"
    + "    <single_mapping origin_block=\"0\" data_block=\"0\" time=\"0\"/>\n  </device>\n"
    + "  <device dev_id=\"2\" mapped_blocks=\"1000000\" transaction=\"0\" creation_time=\"0\" snap_time=\"0\">\n"
    + "    <range_mapping origin_begin=\"0\" data_begin=\"1\" length=\"1000000\" time=\"0\"/>\n  </device>\n"
    + "</superblock>\n");
using (var device = FileBlockDevice.Create(P("snap.bin"), 64L << 20, overwrite: true))
using (var metadata = ThinXml.Import(new StreamReader(P("snap.xml")), device))
{
    ulong next = 100;
    var small = new List<double>();
    var large = new List<double>();
    for (int i = 0; i < 21; i++)
    {
        small.Add(Time(() => { metadata.CreateSnapshot(next++, 1); metadata.Commit(); }));
        large.Add(Time(() => { metadata.CreateSnapshot(next++, 2); metadata.Commit(); }));
    }

    double s = Median(small), l = Median(large);
    rows.Add(new("snapshot + commit, origin of 1,000,000 mappings", l, "same, origin of 1 mapping", s,
        null, "should be equal (no tree copy)"));
}

// (e) 1 GiB sequential write into a new thin volume vs dd; CoW overwrite of a snapshot
const int BlockSectors = 128;
const long GiB = 1L << 30;
const int Chunk = 1 << 20;
var pattern = new byte[Chunk];
new Random(5).NextBytes(pattern);
using (var f = new FileStream(P("pattern"), FileMode.Create))
{
    for (long done = 0; done < GiB; done += Chunk)
    {
        f.Write(pattern);
    }
}

theirs = Time(() => Shell($"dd if={P("pattern")} of={P("plain")} bs=1M conv=fsync status=none"));
File.Delete(P("plain"));
using (var metaDevice = FileBlockDevice.Create(P("pool.meta"), 64L << 20, overwrite: true))
using (var dataDevice = FileBlockDevice.Create(P("pool.data"), 3 * GiB, overwrite: true))
using (var metadata = ThinMetadata.Format(metaDevice, BlockSectors, (ulong)(3 * GiB / (BlockSectors * 512))))
using (var store = new ThinDataStore(metadata, dataDevice))
{
    metadata.CreateThin(1);
    metadata.Commit();
    var buffer = new byte[Chunk];
    void CopyIn(ulong dev, int stride, int length)
    {
        using var source = new FileStream(P("pattern"), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        for (long offset = 0; offset < GiB; offset += Chunk)
        {
            source.ReadExactly(buffer);
            for (int at = 0; at < Chunk; at += stride)
            {
                store.Write(dev, offset + at, buffer.AsSpan(at, length));
            }
        }

        store.Commit();
    }

    ours = Time(() => CopyIn(1, Chunk, Chunk));
    rows.Add(new("sequential write 1 GiB, new thin volume, 64 KiB blocks", ours, "dd conv=fsync", theirs, 0.8, ""));

    metadata.CreateSnapshot(2, 1);
    metadata.Commit();
    ours = Time(() => CopyIn(2, Chunk, Chunk));
    rows.Add(new("CoW overwrite of a snapshot, 1 GiB whole blocks", ours, "dd conv=fsync", theirs, 0.5,
        "sharing broken per block, no copy needed"));

    metadata.CreateSnapshot(3, 1);
    metadata.Commit();
    ours = Time(() => CopyIn(3, 64 * 1024, 4096));
    rows.Add(new("CoW of a snapshot, 4 KiB into every 64 KiB block (copies 1 GiB)", ours, "dd conv=fsync",
        theirs, null, "each write copies the old block first"));
}

foreach (var name in new[] { "pattern", "pool.data", "pool.meta" })
{
    File.Delete(P(name));
}

var md = new StringBuilder();
md.AppendLine("# ThinPool engine benchmark");
md.AppendLine();
md.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} CPUs, "
    + $"{Environment.OSVersion}, .NET {Environment.Version}; work directory `{work}`.");
md.AppendLine("Times are the best of 3 runs for (a)-(c), the median of 21 for (d), one run for (e).");
md.AppendLine("Ratio = reference time / our time (above 1: we are faster).");
md.AppendLine();
md.AppendLine("| measurement | ours (s) | reference | reference (s) | ratio | target | note |");
md.AppendLine("|---|---:|---|---:|---:|---:|---|");
foreach (var r in rows)
{
    string target = r.Target is { } t ? $">= {t:0.0#}x" : "-";
    md.AppendLine(FormattableString.Invariant(
        $"| {r.Name} | {r.Ours:0.000} | {r.Reference} | {r.Theirs:0.000} | {r.Theirs / r.Ours:0.00}x | {target} | {r.Note} |"));
}

File.WriteAllText(resultsPath, md.ToString());
Console.WriteLine(md.ToString());

static double Time(Action action)
{
    var sw = Stopwatch.StartNew();
    action();
    return sw.Elapsed.TotalSeconds;
}

static double Best(int runs, Action action) => Enumerable.Range(0, runs).Min(_ => Time(action));

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static void Tool(string tool, string arguments)
{
    var p = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0)
    {
        throw new InvalidOperationException($"{tool} {arguments} failed: {p.StandardError.ReadToEnd()}");
    }
}

static string Shell(string command)
{
    var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true };
    info.ArgumentList.Add("-c");
    info.ArgumentList.Add(command);
    using var p = Process.Start(info)!;
    string output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    return output;
}

internal sealed record Row(string Name, double Ours, string Reference, double Theirs, double? Target, string Note);
