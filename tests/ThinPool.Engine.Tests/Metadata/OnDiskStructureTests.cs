using System.Buffers.Binary;
using System.Text;
using ThinPool.Engine.Metadata;
using Xunit;

namespace ThinPool.Engine.Tests.Metadata;

/// <summary>Round trips and known vectors for every on-disk structure (spec 3-7).</summary>
public class OnDiskStructureTests
{
    [Fact]
    public void Crc32CRegisterMatchesTheSpecVector()
    {
        Assert.Equal(0x1CF96D7Cu, BlockChecksum.Crc32CRegister(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0x58CDA791u, BlockChecksum.Crc32CRegister(new byte[4092]));
    }

    [Theory]
    [InlineData(MetadataBlockKind.Superblock, 0x58CFD397u)]
    [InlineData(MetadataBlockKind.Node, 0x58CC7E82u)]
    [InlineData(MetadataBlockKind.Bitmap, 0x58CE0B1Au)]
    [InlineData(MetadataBlockKind.Index, 0x58CFD54Fu)]
    public void ZeroBlockChecksumsMatchTheSpec(MetadataBlockKind kind, uint expected)
    {
        Assert.Equal(expected, BlockChecksum.Compute(new byte[4096], kind));
    }

    [Fact]
    public void SampleBlocksCarryTheSpecChecksums()
    {
        byte[] image = File.ReadAllBytes(SampleImageTests.SamplePath("fresh_kernel.bin"));
        Assert.Equal(0x5C594DBDu, BlockChecksum.Stored(image.AsSpan(0, 4096)));
        Assert.Equal(0x5C594DBDu, BlockChecksum.Compute(image.AsSpan(0, 4096), MetadataBlockKind.Superblock));
        Assert.Equal(0x18E0660Au, BlockChecksum.Compute(image.AsSpan(4096, 4096), MetadataBlockKind.Index));
        Assert.Equal(0xC360E452u, BlockChecksum.Compute(image.AsSpan(8192, 4096), MetadataBlockKind.Node));
    }

    [Fact]
    public void ValidatorNamesTheBlockAndTheProblem()
    {
        var block = new byte[4096];
        new Node(block).Initialise(leaf: true, 8);
        BlockChecksum.Seal(block, 7, MetadataBlockKind.Node);
        BlockValidator.Validate(block, 7, MetadataBlockKind.Node);

        var wrongPlace = Assert.Throws<MetadataCorruptException>(
            () => BlockValidator.Validate(block, 8, MetadataBlockKind.Node));
        Assert.Equal(8UL, wrongPlace.Block);
        Assert.Contains("block number", wrongPlace.What);

        var wrongType = Assert.Throws<MetadataCorruptException>(
            () => BlockValidator.Validate(block, 7, MetadataBlockKind.Bitmap));
        Assert.Contains("checksum", wrongType.What);

        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(20), 125);
        BlockChecksum.Seal(block, 7, MetadataBlockKind.Node);
        var badMax = Assert.Throws<MetadataCorruptException>(
            () => BlockValidator.Validate(block, 7, MetadataBlockKind.Node));
        Assert.Contains("max_entries", badMax.What);
    }

    [Theory]
    [InlineData(4, 336)]
    [InlineData(8, 252)]
    [InlineData(16, 168)]
    [InlineData(24, 126)]
    public void MaxEntriesIsAMultipleOfThree(int valueSize, int expected)
    {
        Assert.Equal(expected, MetadataFormat.MaxEntries(valueSize));
    }

    [Fact]
    public void BitmapEntriesUseTheKernelsBitOrder()
    {
        var block = new byte[4096];
        for (int j = 0; j < 4; j++)
        {
            Bitmap.Set(block, j, 1);
        }

        Assert.Equal(0xAA, block[16]);
        Bitmap.Set(block, 5, 2);
        Bitmap.Set(block, 6, 3);
        Assert.Equal(0x01 << 2 | 0x03 << 4, block[17]);
        Assert.Equal(new uint[] { 1, 1, 1, 1, 0, 2, 3, 0 }, Enumerable.Range(0, 8).Select(j => Bitmap.Get(block, j)));
        Bitmap.Set(block, 6, 0);
        Assert.Equal(0u, Bitmap.Get(block, 6));
    }

    [Fact]
    public void BitmapFindFreeSkipsUsedEntriesAndHonoursTheRange()
    {
        var block = new byte[4096];
        for (int j = 0; j < 100; j++)
        {
            Bitmap.Set(block, j, (uint)(1 + (j % 3)));
        }

        Assert.Equal(100, Bitmap.FindFree(block, 0, 16320));
        Assert.Equal(150, Bitmap.FindFree(block, 150, 16320));
        Assert.Equal(-1, Bitmap.FindFree(block, 0, 100));
        Assert.Equal(16319, Bitmap.FindFree(block, 16319, 16320));
    }

    [Fact]
    public void SuperblockRoundTrips()
    {
        var original = new Superblock
        {
            Flags = 1,
            Uuid = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(),
            Time = 7,
            TransactionId = 99,
            HeldRoot = 41,
            DataSpaceMap = new SpaceMapRoot(4096, 300, 10, 11),
            MetadataSpaceMap = new SpaceMapRoot(256, 40, 12, 13),
            DataMappingRoot = 14,
            DeviceDetailsRoot = 15,
            DataBlockSize = 1024,
            MetadataBlockCount = 256,
        };
        var block = new byte[4096];
        original.Write(block);
        Assert.All(block.Skip(MetadataFormat.SuperblockPayload), b => Assert.Equal(0, b));
        Superblock back = Superblock.Read(block);
        Assert.Equal(original.Uuid, back.Uuid);
        Assert.Equal(original.DataSpaceMap, back.DataSpaceMap);
        Assert.Equal(original.MetadataSpaceMap, back.MetadataSpaceMap);
        Assert.Equal((original.Flags, original.Time, original.TransactionId, original.HeldRoot),
                     (back.Flags, back.Time, back.TransactionId, back.HeldRoot));
        Assert.Equal((original.DataMappingRoot, original.DeviceDetailsRoot, original.DataBlockSize),
                     (back.DataMappingRoot, back.DeviceDetailsRoot, back.DataBlockSize));
        Assert.Equal(MetadataFormat.SuperblockMagic, BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(32)));
    }

    [Fact]
    public void IndexEntryAndDeviceDetailsRoundTrip()
    {
        var bytes = new byte[24];
        var entry = new IndexEntry(123456789, 16000, 320);
        entry.Write(bytes);
        Assert.Equal(entry, IndexEntry.Read(bytes));

        var details = new ThinDeviceInfo(5, 7357, 3, 1, 2);
        DeviceDetails.Write(details, bytes);
        Assert.Equal(details, DeviceDetails.Read(5, bytes));
    }

    [Fact]
    public void BlockTimePacksFortyBitsOfBlockAndTwentyFourOfTime()
    {
        ulong packed = BlockTimeValueType.Pack(MetadataFormat.MaxDataBlock, 0xFFFFFF);
        Assert.Equal(ulong.MaxValue, packed);
        Assert.Equal(MetadataFormat.MaxDataBlock, BlockTimeValueType.DataBlockOf(packed));
        Assert.Equal(0xFFFFFFu, BlockTimeValueType.TimeOf(BlockTimeValueType.Pack(3, 0xFFFFFF)));
    }

    [Fact]
    public void NodeInsertAndDeleteKeepKeysAndValuesTogether()
    {
        var node = new Node(new byte[4096]);
        node.Initialise(leaf: true, 8);
        var value = new byte[8];
        foreach (ulong key in new ulong[] { 50, 10, 30, 20, 40 })
        {
            BinaryPrimitives.WriteUInt64LittleEndian(value, key * 100);
            int at = node.LowerBound(key) + 1;
            node.InsertAt(at, key, value);
        }

        Assert.Equal(new ulong[] { 10, 20, 30, 40, 50 }, Enumerable.Range(0, node.Count).Select(node.Key));
        node.DeleteAt(2);
        Assert.Equal(new ulong[] { 1000, 2000, 4000, 5000 }, Enumerable.Range(0, node.Count).Select(node.Value64));
        Assert.Equal(-1, node.LowerBound(5));
        Assert.Equal(1, node.LowerBound(35));
        Assert.Equal(-1, node.IndexOf(30));
    }
}
