using System.Text;

namespace ThinPool.Bench;

/// <summary>
/// The benchmark document: 10 devices, 5 origins and a snapshot of each; snapshots keep most
/// of their origin's data blocks (shared, count 2) and remap some. Runs of 1..64 blocks with
/// small gaps, so the XML mixes single_mapping and range_mapping lines.
/// </summary>
internal static class BenchXml
{
    public static void Write(string path, int devices, int totalMappings, ulong nrDataBlocks)
    {
        var random = new Random(42);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write($"<superblock uuid=\"\" time=\"{devices / 2}\" transaction=\"{devices}\" flags=\"0\" "
            + $"version=\"2\" data_block_size=\"128\" nr_data_blocks=\"{nrDataBlocks}\">\n");
        int perDevice = totalMappings / devices;
        ulong nextData = 0;
        var origin = new List<(ulong V, ulong D, ulong L, uint T)>();
        int[] lengths = { 1, 1, 2, 4, 8, 16, 64 };
        for (int d = 0; d < devices; d++)
        {
            bool snapshot = d % 2 == 1;
            var runs = new List<(ulong V, ulong D, ulong L, uint T)>();
            if (snapshot)
            {
                foreach (var r in origin)
                {
                    bool remap = random.Next(5) == 0;
                    runs.Add(remap ? (r.V, Take(r.L), r.L, (uint)(d / 2 + 1)) : r);
                }
            }
            else
            {
                ulong v = 0;
                for (int n = 0; n < perDevice;)
                {
                    ulong length = (ulong)Math.Min(lengths[random.Next(lengths.Length)], perDevice - n);
                    v += (ulong)random.Next(0, 4);
                    runs.Add((v, Take(length), length, (uint)(d / 2)));
                    v += length;
                    n += (int)length;
                }

                origin = runs;
            }

            ulong mapped = (ulong)runs.Sum(r => (long)r.L);
            w.Write($"  <device dev_id=\"{d}\" mapped_blocks=\"{mapped}\" transaction=\"{d}\" "
                + $"creation_time=\"{d / 2}\" snap_time=\"{d / 2 + 1}\">\n");
            foreach (var (v, data, length, time) in runs)
            {
                w.Write(length == 1
                    ? $"    <single_mapping origin_block=\"{v}\" data_block=\"{data}\" time=\"{time}\"/>\n"
                    : $"    <range_mapping origin_begin=\"{v}\" data_begin=\"{data}\" length=\"{length}\" time=\"{time}\"/>\n");
            }

            w.Write("  </device>\n");
        }

        w.Write("</superblock>\n");

        ulong Take(ulong length)
        {
            ulong first = nextData;
            nextData += length + (ulong)random.Next(0, 2);
            return first;
        }
    }
}
