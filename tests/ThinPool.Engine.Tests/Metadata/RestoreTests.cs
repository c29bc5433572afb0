using System.Xml.Linq;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Tests.Oracles;
using Xunit;

namespace ThinPool.Engine.Tests.Metadata;

/// <summary>The importer surface (RestoreDevice, InsertMapping, SetTime): rebuilding a
/// sample from its XML must give metadata that thin_dump prints as the same XML.</summary>
public class RestoreTests
{
    [Theory]
    [InlineData("two_devs.xml")]
    [InlineData("three_devs.xml")]
    [InlineData("kernel_model.xml")]
    public void RestoredSampleDumpsAsTheOriginalXml(string xml)
    {
        string path = SampleImageTests.SamplePath(xml);
        XElement root = XDocument.Load(path).Root!;
        var device = new MemoryBlockDevice(4096L * 4096);
        using ThinMetadata md = ThinMetadata.Format(device, (uint)Attr(root, "data_block_size"),
                                                    Attr(root, "nr_data_blocks"));
        md.SetTime((uint)Attr(root, "time"));
        md.SetTransactionId(0, Attr(root, "transaction"));
        foreach (XElement d in root.Elements("device"))
        {
            ulong id = Attr(d, "dev_id");
            md.RestoreDevice(new ThinDeviceInfo(id, 0, Attr(d, "transaction"),
                                                (uint)Attr(d, "creation_time"), (uint)Attr(d, "snap_time")));
            foreach (BlockMapping m in SampleImageTests.ExpectedMappings(d))
            {
                md.InsertMapping(id, m.VirtualBlock, m.DataBlock, m.Time);
            }

            Assert.Equal(Attr(d, "mapped_blocks"), md.GetDevice(id).MappedBlocks);
        }

        md.Commit();
        if (!ExternalTools.RequireThinTools() || !ExternalTools.RequireInspector())
        {
            return;
        }

        using var file = new TempFile();
        device.SaveTo(file.Path);
        ExternalTools.Result check = ExternalTools.Inspect("check", file.Path);
        Assert.True(check.ExitCode == 0, check.ToString());
        ExternalTools.Result dump = ExternalTools.ThinDump(file.Path);
        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Equal(File.ReadAllText(path), dump.Stdout);
    }

    [Fact]
    public void InsertMappingValidatesItsArguments()
    {
        using ThinMetadata md = ThinMetadata.Format(new MemoryBlockDevice(256 * 4096), 128, 10);
        Assert.Throws<DeviceNotFoundException>(() => md.InsertMapping(1, 0, 0, 0));
        md.CreateThin(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => md.InsertMapping(1, 0, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => md.InsertMapping(1, 0, 1, 1u << 24));
        md.InsertMapping(1, 0, 3, 0);
        md.InsertMapping(1, 0, 4, 0);
        Assert.Equal(1UL, md.DataBlocksUsed);
        Assert.Equal(1UL, md.GetDevice(1).MappedBlocks);
    }

    [Fact]
    public void HeldMetadataSnapshotKeepsTheStateItWasTakenIn()
    {
        var device = new MemoryBlockDevice(1024 * 4096);
        using ThinMetadata md = ThinMetadata.Format(device, 128, 1000);
        md.CreateThin(1);
        for (ulong v = 0; v < 300; v++)
        {
            md.Map(1, v);
        }

        md.ReserveMetadataSnapshot();
        List<BlockMapping> before = md.GetMappings(1).ToList();
        for (ulong v = 0; v < 300; v += 2)
        {
            md.Unmap(1, v);
        }

        md.CreateThin(2);
        md.Commit();

        using ThinMetadata held = ThinMetadata.OpenMetadataSnapshot(device);
        Assert.True(held.IsMetadataSnapshot);
        Assert.Equal(new ulong[] { 1 }, held.Devices.Select(d => d.DeviceId));
        Assert.Equal(before, held.GetMappings(1).ToList());
        Assert.Equal(150, md.GetMappings(1).Count());
    }

    private static ulong Attr(XElement e, string name) => ulong.Parse(e.Attribute(name)!.Value);
}
