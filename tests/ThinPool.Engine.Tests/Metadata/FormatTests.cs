using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Tests.Oracles;
using Xunit;

namespace ThinPool.Engine.Tests.Metadata;

public class FormatTests
{
    [Theory]
    [InlineData(256, 128u)]
    [InlineData(1000, 1024u)]
    [InlineData(40000, 128u)]
    public void FormatWritesTheKernelsImageByteForByte(int blocks, uint blockSize)
    {
        if (!ExternalTools.RequireInspector())
        {
            return;
        }

        using var expected = new TempFile();
        ExternalTools.Result made = ExternalTools.Inspect(
            "mkfresh", expected.Path, "--nr-blocks", blocks.ToString(), "--data-block-size",
            blockSize.ToString());
        Assert.True(made.ExitCode == 0, made.ToString());

        var device = new MemoryBlockDevice((long)blocks * 4096);
        using (ThinMetadata.Format(device, blockSize, 0))
        {
        }

        byte[] want = File.ReadAllBytes(expected.Path);
        byte[] got = device.ToArray();
        Assert.Equal(want.Length, got.Length);
        int firstDifference = Enumerable.Range(0, want.Length).FirstOrDefault(i => want[i] != got[i], -1);
        Assert.True(firstDifference < 0,
                    $"first difference at byte {firstDifference} (block {firstDifference / 4096})");
    }

    [Fact]
    public void FormatMatchesTheSampleImage()
    {
        var device = new MemoryBlockDevice(256 * 4096);
        using (ThinMetadata.Format(device, 128, 0))
        {
        }

        byte[] sample = File.ReadAllBytes(Path.Combine("testdata", "dmthin", "fresh_kernel.bin"));
        Assert.True(sample.AsSpan().SequenceEqual(device.ToArray()));
    }

    [Fact]
    public void FormattedMetadataWithDataBlocksPassesTheCheckers()
    {
        if (!ExternalTools.RequireThinTools() || !ExternalTools.RequireInspector())
        {
            return;
        }

        using var file = new TempFile();
        using (FileBlockDevice device = FileBlockDevice.Create(file.Path, 256 * 4096))
        using (ThinMetadata md = ThinMetadata.Format(device, 128, 4096))
        {
            Assert.Equal(4096UL, md.DataBlockCount);
        }

        ExternalTools.Result check = ExternalTools.ThinCheck(file.Path);
        Assert.True(check.ExitCode == 0, check.ToString());
        ExternalTools.Result inspect = ExternalTools.Inspect("check", file.Path);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
    }
}
