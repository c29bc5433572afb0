using System.Buffers.Binary;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using Xunit;

namespace ThinPool.Engine.Tests.Metadata;

/// <summary>Damaged metadata must surface as <see cref="MetadataCorruptException"/>, never as
/// another exception type, a hang or a crash.</summary>
public class MutationTests
{
    [Theory]
    [InlineData("two_devs.bin", 1)]
    [InlineData("three_devs.bin", 2)]
    [InlineData("kernel_model.bin", 3)]
    public void MutatedAndResealedBlocksFailOnlyAsCorruption(string sample, int seed)
    {
        byte[] image = File.ReadAllBytes(SampleImageTests.SamplePath(sample));
        var random = new Random(seed);
        int[] used = Enumerable.Range(0, image.Length / 4096)
            .Where(i => image.AsSpan(i * 4096, 4096).ContainsAnyExcept((byte)0)).ToArray();
        int mutations = 0;
        for (int trial = 0; trial < 120; trial++)
        {
            int block = used[random.Next(used.Length)];
            byte[] copy = (byte[])image.Clone();
            Span<byte> b = copy.AsSpan(block * 4096, 4096);

            MetadataBlockKind? kind = KindOf(b);
            int offset = random.Next(4, kind == MetadataBlockKind.Node ? 64 + (8 * 40) : 400);
            b[offset] ^= (byte)(1 << random.Next(8));
            if (kind is MetadataBlockKind k && random.Next(4) != 0)
            {
                // Re-seal so that the damage gets past the checksum into the structure.
                BinaryPrimitives.WriteUInt32LittleEndian(b, BlockChecksum.Compute(b, k));
            }

            mutations++;
            ReadEverything(copy);
        }

        Assert.Equal(120, mutations);
    }

    private static MetadataBlockKind? KindOf(ReadOnlySpan<byte> block)
    {
        foreach (MetadataBlockKind kind in Enum.GetValues<MetadataBlockKind>())
        {
            if (BlockChecksum.Compute(block, kind) == BlockChecksum.Stored(block))
            {
                return kind;
            }
        }

        return null;
    }

    private static void ReadEverything(byte[] image)
    {
        var device = new MemoryBlockDevice(image.Length);
        device.Write(0, image);
        try
        {
            using ThinMetadata md = ThinMetadata.Open(device);
            foreach (ThinDeviceInfo d in md.Devices)
            {
                _ = md.GetMappings(d.DeviceId).Count();
            }

            if (md.Devices.Count > 0)
            {
                ulong id = md.Devices[0].DeviceId;
                md.Map(id, 12345);
                md.Unmap(id, 0);
                md.DeleteDevice(id);
                md.Commit();
            }
        }
        catch (ThinPoolException)
        {
            // Expected: corruption (or a refused operation) reported through the family.
        }
    }
}
