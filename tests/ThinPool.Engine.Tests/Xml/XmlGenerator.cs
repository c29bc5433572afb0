using System.Text;

namespace ThinPool.Engine.Tests.Xml;

/// <summary>
/// Writes random thin_dump documents: origins and snapshots that share data blocks (so some
/// counts reach 3 and more), runs and single mappings, gaps, and optionally shuffled order.
/// </summary>
internal static class XmlGenerator
{
    public static string Generate(int seed, int devices, int mappingsPerDevice, ulong nrDataBlocks,
        bool shuffle = false)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        sb.Append($"<superblock uuid=\"\" time=\"{devices}\" transaction=\"{seed}\" flags=\"0\" ")
          .Append($"version=\"2\" data_block_size=\"128\" nr_data_blocks=\"{nrDataBlocks}\">\n");
        ulong nextData = 0;
        var previous = new List<(ulong V, ulong D, ulong L)>();
        for (int d = 0; d < devices; d++)
        {
            var lines = new List<string>();
            var current = new List<(ulong V, ulong D, ulong L)>();
            bool snapshot = d > 0 && random.Next(2) == 0;
            ulong v = 0;
            int left = mappingsPerDevice;
            while (left > 0)
            {
                ulong length = (ulong)Math.Min(left, random.Next(4) == 0 ? 1 : random.Next(1, 40));
                v += (ulong)random.Next(0, 3);
                ulong data;
                if (snapshot && previous.Count > 0 && random.Next(3) > 0)
                {
                    var p = previous[random.Next(previous.Count)];
                    length = Math.Min(length, p.L);
                    data = p.D;
                }
                else
                {
                    data = nextData % nrDataBlocks;
                    length = Math.Min(length, nrDataBlocks - data);
                    nextData += length;
                }

                uint time = (uint)random.Next(0, d + 1);
                lines.Add(length == 1
                    ? $"    <single_mapping origin_block=\"{v}\" data_block=\"{data}\" time=\"{time}\"/>\n"
                    : $"    <range_mapping origin_begin=\"{v}\" data_begin=\"{data}\" length=\"{length}\" time=\"{time}\"/>\n");
                current.Add((v, data, length));
                v += length;
                left -= (int)length;
            }

            if (shuffle)
            {
                lines = lines.OrderBy(_ => random.Next()).ToList();
            }

            sb.Append($"  <device dev_id=\"{d * 3 + 1}\" mapped_blocks=\"{mappingsPerDevice}\" ")
              .Append($"transaction=\"{d}\" creation_time=\"{d}\" snap_time=\"{d + 1}\">\n");
            lines.ForEach(l => sb.Append(l));
            sb.Append("  </device>\n");
            previous = current;
        }

        sb.Append("</superblock>\n");
        return sb.ToString();
    }
}
