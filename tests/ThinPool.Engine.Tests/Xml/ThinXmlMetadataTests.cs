using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Tests.Check;
using ThinPool.Engine.Tests.Oracles;
using Xunit;

namespace ThinPool.Engine.Tests.Xml;

/// <summary>Export and import through an open <see cref="ThinMetadata"/>.</summary>
public class ThinXmlMetadataTests
{
    [Theory]
    [InlineData("two_devs.bin", "two_devs.xml", false)]
    [InlineData("three_devs.bin", "three_devs.xml", false)]
    [InlineData("kernel_model.bin", "kernel_model.xml", false)]
    [InlineData("kernel_model.bin", "kernel_model_metadata_snap.xml", true)]
    public void ExportOfOpenMetadataEqualsTheSampleXml(string image, string xml, bool snapshot)
    {
        using var device = CheckImages.Load(image);
        using var metadata = ThinMetadata.Open(device, readOnly: true);

        var writer = new StringWriter();
        ThinXml.Export(metadata, writer, snapshot);

        Assert.Equal(File.ReadAllText(OracleTools.SamplePath(xml)), writer.ToString());
    }

    [Fact]
    public void ExportShowsUncommittedChangesAndMatchesThinDumpAfterCommit()
    {
        using var device = CheckImages.Load("two_devs.bin");
        using var metadata = ThinMetadata.Open(device);
        metadata.CreateSnapshot(9, 1);
        metadata.Map(9, 5000);
        metadata.Unmap(0, 3);

        var before = new StringWriter();
        ThinXml.Export(metadata, before);
        metadata.Commit();

        Assert.Contains("dev_id=\"9\"", before.ToString());
        Assert.Equal(ThinXmlExportTests.Dump(device, false), before.ToString());
        if (ExternalTools.RequireThinTools())
        {
            using var image = new TempImage(0);
            File.WriteAllBytes(image.Path, ((MemoryBlockDevice)device).ToArray());
            Assert.Equal(ExternalTools.ThinDump(image.Path).Stdout, before.ToString());
        }
    }

    [Fact]
    public void ImportReturnsCommittedMetadataWithTheDocumentsDevices()
    {
        string xml = File.ReadAllText(OracleTools.SamplePath("three_devs.xml"));
        using var device = new MemoryBlockDevice(2 << 20);

        using var metadata = ThinXml.Import(new StringReader(xml), device);

        Assert.False(metadata.HasUncommittedChanges);
        Assert.Equal(new ulong[] { 5, 7, 16777215 }, metadata.Devices.Select(d => d.DeviceId));
        Assert.Equal(40000UL, metadata.DataBlockCount);
        var writer = new StringWriter();
        ThinXml.Export(metadata, writer);
        Assert.Equal(xml, writer.ToString());
    }

    [Fact]
    public void ImportedMetadataCanBeChangedAndStaysClean()
    {
        string xml = XmlGenerator.Generate(11, 4, 3000, 20000);
        using var device = new MemoryBlockDevice(4 << 20);
        using var metadata = ThinXml.Import(new StringReader(xml), device);
        ulong origin = metadata.Devices[0].DeviceId;

        metadata.CreateSnapshot(100, origin);
        for (ulong b = 0; b < 600; b += 3)
        {
            metadata.Map(origin, b);
            metadata.Unmap(100, b + 1);
        }

        metadata.Commit();

        var report = MetadataChecker.Check(device);
        Assert.True(report.IsClean, report.ToString());
    }
}
