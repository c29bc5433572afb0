using System.Buffers.Binary;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Tests.Oracles;
using Xunit;

namespace ThinPool.Engine.Tests.Check;

public class MetadataCheckerTests
{
    public static TheoryData<string> CleanSamples => new()
    {
        "empty_pool.bin", "fresh_kernel.bin", "kernel_model.bin", "three_devs.bin", "two_devs.bin",
    };

    [Theory]
    [MemberData(nameof(CleanSamples))]
    public void EverySampleIsClean(string sample)
    {
        using var device = CheckImages.Load(sample);

        var report = MetadataChecker.Check(device);

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void HeldSnapshotOfKernelModelIsClean()
    {
        using var device = CheckImages.Load("kernel_model.bin");

        var report = MetadataChecker.Check(device, metadataSnapshot: true);

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.DeviceCount > 0);
    }

    [Fact]
    public void HeldSnapshotModeWithoutSnapshotIsFatal()
    {
        using var device = CheckImages.Load("two_devs.bin");

        var report = MetadataChecker.Check(device, metadataSnapshot: true);

        Assert.True(report.HasFatal);
    }

    [Fact]
    public void FiguresOfTwoDevsMatchTheInspector()
    {
        using var device = CheckImages.Load("two_devs.bin");

        var report = MetadataChecker.Check(device);

        Assert.Equal((2UL, 256UL, 4096UL, 320UL, 2, 608UL, 15UL),
            (report.TransactionId, report.MetadataBlockCount, report.DataBlockCount,
             report.DataBlocksReferenced, report.DeviceCount, report.MappingCount,
             report.MetadataBlocksReferenced));
    }

    [Fact]
    public void CorruptSampleReportsTheChecksumOfBlock11()
    {
        using var device = CheckImages.Load("two_devs_corrupt.bin");

        var report = MetadataChecker.Check(device);

        Assert.Contains(report.Findings, f => f.Block == 11 && f.Severity == CheckSeverity.Fatal
            && f.Message.Contains("checksum"));
    }

    [Fact]
    public void MetadataBitmapEntryRaisedIsALeak()
    {
        using var device = CheckImages.Load("two_devs.bin");
        var bitmap = CheckImages.ReadBlock(device, 3);
        CheckImages.SetBitmapEntry(bitmap, 200, 1);
        CheckImages.WriteBlock(device, 3, bitmap, CheckImages.BitmapXor);

        var report = MetadataChecker.Check(device);

        var finding = Assert.Single(report.Findings, f => f.Severity != CheckSeverity.Warning);
        Assert.Equal((200UL, CheckSeverity.NonFatal), (finding.Block, finding.Severity));
    }

    [Fact]
    public void MetadataBitmapEntryClearedIsFatal()
    {
        using var device = CheckImages.Load("two_devs.bin");
        var bitmap = CheckImages.ReadBlock(device, 3);
        CheckImages.SetBitmapEntry(bitmap, 12, 0);
        CheckImages.WriteBlock(device, 3, bitmap, CheckImages.BitmapXor);

        var report = MetadataChecker.Check(device);

        Assert.Contains(report.Findings, f => f.Block == 12 && f.Severity == CheckSeverity.Fatal);
    }

    [Fact]
    public void DataCountRaisedFromOneToTwoIsFoundWhereThinCheckIsNot()
    {
        using var device = CheckImages.Load("two_devs.bin");
        ulong dataBlock = FirstDataBlockWithCount(device, 1);
        var bitmap = CheckImages.ReadBlock(device, 9);
        CheckImages.SetBitmapEntry(bitmap, (int)dataBlock, 2);
        CheckImages.WriteBlock(device, 9, bitmap, CheckImages.BitmapXor);

        var report = MetadataChecker.Check(device);

        var finding = Assert.Single(report.Findings, f => f.Severity != CheckSeverity.Warning);
        Assert.Equal((dataBlock, true), (finding.Block!.Value, finding.IsDataBlock));
        if (ExternalTools.RequireThinTools())
        {
            string path = Path.GetTempFileName();
            try
            {
                CheckImages.SaveTo(device, path);
                Assert.Equal(0, ExternalTools.ThinCheck(path).ExitCode);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void WrongMappedBlocksInDetailsIsFatal()
    {
        using var device = CheckImages.Load("two_devs.bin");
        var details = CheckImages.ReadBlock(device, 6);
        int valueOffset = 32 + 8 * 126;
        BinaryPrimitives.WriteUInt64LittleEndian(details.AsSpan(valueOffset), 303);
        CheckImages.WriteBlock(device, 6, details, CheckImages.NodeXor);

        var report = MetadataChecker.Check(device);

        Assert.Contains(report.Findings, f => f.Severity == CheckSeverity.Fatal
            && f.Message.Contains("303"));
    }

    [Fact]
    public void MaxEntriesNotAMultipleOfThreeIsFatal()
    {
        using var device = CheckImages.Load("two_devs.bin");
        var leaf = CheckImages.ReadBlock(device, 6);
        BinaryPrimitives.WriteUInt32LittleEndian(leaf.AsSpan(20), 125);
        CheckImages.WriteBlock(device, 6, leaf, CheckImages.NodeXor);

        var report = MetadataChecker.Check(device);

        Assert.Contains(report.Findings, f => f.Block == 6 && f.Message.Contains("max_entries"));
    }

    [Fact]
    public void ANodePointingAtItselfIsACycleNotAHang()
    {
        using var device = CheckImages.Load("two_devs.bin");
        var node = CheckImages.ReadBlock(device, 10);
        int firstValue = 32 + 8 * 252;
        BinaryPrimitives.WriteUInt64LittleEndian(node.AsSpan(firstValue), 10);
        CheckImages.WriteBlock(device, 10, node, CheckImages.NodeXor);

        var report = MetadataChecker.Check(device);

        Assert.Contains(report.Findings, f => f.Block == 10 && f.Message.Contains("cycle"));
    }

    [Fact]
    public void AFullInternalNodeWhoseChildrenAreAllItselfEndsQuickly()
    {
        using var device = CheckImages.Load("three_devs.bin");
        var superblock = CheckImages.ReadBlock(device, 0);
        ulong detailsRoot = BinaryPrimitives.ReadUInt64LittleEndian(superblock.AsSpan(328));
        var node = new byte[CheckImages.BlockSize];
        BinaryPrimitives.WriteUInt32LittleEndian(node.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(node.AsSpan(8), detailsRoot);
        BinaryPrimitives.WriteUInt32LittleEndian(node.AsSpan(16), 252);
        BinaryPrimitives.WriteUInt32LittleEndian(node.AsSpan(20), 252);
        BinaryPrimitives.WriteUInt32LittleEndian(node.AsSpan(24), 8);
        for (int i = 0; i < 252; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(node.AsSpan(32 + 8 * i), (ulong)i);
            BinaryPrimitives.WriteUInt64LittleEndian(node.AsSpan(32 + 8 * 252 + 8 * i), detailsRoot);
        }

        CheckImages.WriteBlock(device, detailsRoot, node, CheckImages.NodeXor);

        var report = MetadataChecker.Check(device);

        Assert.Contains(report.Findings, f => f.Block == detailsRoot && f.Message.Contains("cycle"));
        Assert.Throws<MetadataCorruptException>(() => Xml.ThinXmlExportTests.Dump(device, false));
    }

    [Fact]
    public void AHugeDataBlockCountIsFatalAndEndsQuickly()
    {
        using var device = CheckImages.Load("two_devs.bin");
        var sb = CheckImages.ReadBlock(device, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(sb.AsSpan(64), 1UL << 60);
        CheckImages.WriteBlock(device, 0, sb, CheckImages.SuperblockXor);

        var report = MetadataChecker.Check(device);

        Assert.Contains(report.Findings, f => f.Block == 0 && f.Message.Contains("data space map"));
    }

    [Fact]
    public void BadMagicIsFatal()
    {
        using var device = CheckImages.Load("two_devs.bin");
        var sb = CheckImages.ReadBlock(device, 0);
        sb[32] ^= 1;
        CheckImages.WriteBlock(device, 0, sb, CheckImages.SuperblockXor);

        var report = MetadataChecker.Check(device);

        Assert.Contains(report.Findings, f => f.Block == 0 && f.Message.Contains("magic"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(4096 * 3)]
    public void ZeroedOrTinyDevicesGiveFindingsNotExceptions(int length)
    {
        using var device = new MemoryBlockDevice(length);

        var report = MetadataChecker.Check(device);

        Assert.True(report.HasFatal);
    }

    [Fact]
    public void RandomBytesInEveryBlockGiveFindingsNotExceptions()
    {
        using var device = CheckImages.Load("three_devs.bin");
        var random = new Random(7);
        var noise = new byte[64];
        for (long block = 0; block < device.Length / 4096; block += 3)
        {
            random.NextBytes(noise);
            device.Write(block * 4096 + 24, noise);
        }

        var report = MetadataChecker.Check(device);

        Assert.True(report.HasFatal);
    }

    [Fact]
    public void RandomNodesWithValidChecksumsGiveFindingsNotExceptions()
    {
        for (int seed = 0; seed < 30; seed++)
        {
            using var device = CheckImages.Load("kernel_model.bin");
            var random = new Random(seed);
            ulong block = (ulong)random.Next(1, 60);
            var bytes = CheckImages.ReadBlock(device, block);
            for (int i = 0; i < 4; i++)
            {
                bytes[random.Next(16, 4096)] = (byte)random.Next(256);
            }

            CheckImages.WriteBlock(device, block, bytes, CheckImages.NodeXor);

            var report = MetadataChecker.Check(device);

            Assert.NotNull(report.ToString());
        }
    }

    [Fact]
    public void WheneverThinCheckRejectsAMutationTheCheckerIsNotClean()
    {
        if (!ExternalTools.RequireThinTools())
        {
            return;
        }

        string path = Path.GetTempFileName();
        try
        {
            int rejected = 0;
            for (int seed = 0; seed < 40; seed++)
            {
                using var device = CheckImages.Load("kernel_model.bin");
                var random = new Random(seed);
                ulong block = (ulong)random.Next(0, 60);
                var bytes = CheckImages.ReadBlock(device, block);
                uint? kind = CheckImages.KindOf(bytes);
                if (kind is null)
                {
                    continue;
                }

                int at = random.Next(16, 512);
                bytes[at] ^= (byte)(1 << random.Next(8));
                CheckImages.WriteBlock(device, block, bytes, kind.Value);
                CheckImages.SaveTo(device, path);

                var report = MetadataChecker.Check(device);

                if (ExternalTools.ThinCheck(path).ExitCode != 0)
                {
                    rejected++;
                    Assert.False(report.IsClean, $"seed {seed}: block {block} byte {at}");
                }
            }

            Assert.True(rejected > 5, $"only {rejected} mutations were rejected by thin_check");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ulong FirstDataBlockWithCount(IBlockDevice device, int count)
    {
        var bitmap = CheckImages.ReadBlock(device, 9);
        for (int j = 0; j < 16320; j++)
        {
            int bits = bitmap[16 + j / 4] >> (2 * (j % 4));
            if ((((bits & 1) << 1) | ((bits >> 1) & 1)) == count)
            {
                return (ulong)j;
            }
        }

        throw new InvalidOperationException("no such data block");
    }
}
