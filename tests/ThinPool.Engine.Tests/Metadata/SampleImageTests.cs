using System.Xml.Linq;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using Xunit;

namespace ThinPool.Engine.Tests.Metadata;

/// <summary>Reads the sample images made by thin_restore and by the kernel model and compares
/// what the engine sees with the XML that thin_dump prints for them.</summary>
public class SampleImageTests
{
    public static TheoryData<string, string, bool> Samples => new()
    {
        { "two_devs.bin", "two_devs.xml", false },
        { "three_devs.bin", "three_devs.xml", false },
        { "empty_pool.bin", "empty_pool.xml", false },
        { "kernel_model.bin", "kernel_model.xml", false },
        { "kernel_model.bin", "kernel_model_metadata_snap.xml", true },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void SampleMatchesItsDump(string image, string xml, bool metadataSnapshot)
    {
        using FileBlockDevice device = FileBlockDevice.Open(SamplePath(image), readOnly: true);
        using ThinMetadata md = metadataSnapshot
            ? ThinMetadata.OpenMetadataSnapshot(device)
            : ThinMetadata.Open(device, readOnly: true);
        XElement root = XDocument.Load(SamplePath(xml)).Root!;

        Assert.Equal(Attr(root, "time"), md.Time);
        Assert.Equal(Attr(root, "transaction"), md.TransactionId);
        Assert.Equal(Attr(root, "data_block_size"), md.DataBlockSizeSectors);
        if (!metadataSnapshot)
        {
            Assert.Equal(Attr(root, "nr_data_blocks"), md.DataBlockCount);
        }

        List<XElement> devices = root.Elements("device").ToList();
        Assert.Equal(devices.Select(d => Attr(d, "dev_id")), md.Devices.Select(d => d.DeviceId));
        foreach (XElement d in devices)
        {
            ulong id = Attr(d, "dev_id");
            ThinDeviceInfo info = md.GetDevice(id);
            Assert.Equal(new ThinDeviceInfo(id, Attr(d, "mapped_blocks"), Attr(d, "transaction"),
                                            (uint)Attr(d, "creation_time"), (uint)Attr(d, "snap_time")),
                         info);
            Assert.Equal(ExpectedMappings(d), md.GetMappings(id).ToList());
        }
    }

    [Fact]
    public void FreshKernelImageOpensEmpty()
    {
        using FileBlockDevice device = FileBlockDevice.Open(SamplePath("fresh_kernel.bin"), readOnly: true);
        using ThinMetadata md = ThinMetadata.Open(device);
        Assert.Empty(md.Devices);
        Assert.Equal(0UL, md.DataBlockCount);
        Assert.Equal(256UL, md.MetadataBlockCount);
        Assert.Equal(8UL, md.MetadataBlocksUsed);
        Assert.Null(md.HeldRoot);
    }

    [Fact]
    public void KernelModelImageHoldsAMetadataSnapshot()
    {
        using FileBlockDevice device = FileBlockDevice.Open(SamplePath("kernel_model.bin"), readOnly: true);
        using ThinMetadata md = ThinMetadata.Open(device);
        Assert.Equal(41UL, md.HeldRoot);
    }

    [Fact]
    public void CorruptLeafIsReportedWithItsBlockNumber()
    {
        using FileBlockDevice device = FileBlockDevice.Open(SamplePath("two_devs_corrupt.bin"), readOnly: true);
        using ThinMetadata md = ThinMetadata.Open(device);
        var error = Assert.Throws<MetadataCorruptException>(
            () => md.Devices.SelectMany(d => md.GetMappings(d.DeviceId)).ToList());
        Assert.Equal(11UL, error.Block);
        Assert.Contains("checksum", error.What);
    }

    [Fact]
    public void ReadOnlyMetadataRefusesChanges()
    {
        using FileBlockDevice device = FileBlockDevice.Open(SamplePath("two_devs.bin"), readOnly: true);
        using ThinMetadata md = ThinMetadata.Open(device);
        Assert.True(md.IsReadOnly);
        Assert.Throws<ThinOperationException>(() => md.CreateThin(9));
        Assert.Throws<ThinOperationException>(() => md.Map(0, 0));
    }

    internal static string SamplePath(string name) => Path.Combine("testdata", "dmthin", name);

    internal static List<BlockMapping> ExpectedMappings(XElement device)
    {
        var list = new List<BlockMapping>();
        foreach (XElement m in device.Elements())
        {
            if (m.Name == "single_mapping")
            {
                list.Add(new BlockMapping(Attr(m, "origin_block"), Attr(m, "data_block"), (uint)Attr(m, "time")));
                continue;
            }

            ulong length = Attr(m, "length");
            for (ulong i = 0; i < length; i++)
            {
                list.Add(new BlockMapping(Attr(m, "origin_begin") + i, Attr(m, "data_begin") + i,
                                          (uint)Attr(m, "time")));
            }
        }

        return list;
    }

    private static ulong Attr(XElement e, string name) => ulong.Parse(e.Attribute(name)!.Value);
}
