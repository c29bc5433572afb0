using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Tests.Check;
using ThinPool.Engine.Tests.Oracles;
using Xunit;

namespace ThinPool.Engine.Tests.Xml;

public class ThinXmlImportTests
{
    public static TheoryData<string> SampleXml => new()
    {
        "two_devs.xml", "three_devs.xml", "empty_pool.xml", "kernel_model.xml",
    };

    [Theory]
    [MemberData(nameof(SampleXml))]
    public void ImportOfEverySampleChecksCleanAndExportsTheSameXml(string sample)
    {
        string xml = File.ReadAllText(OracleTools.SamplePath(sample));
        using var device = new MemoryBlockDevice(2 << 20);

        ThinXml.WriteImage(new StringReader(xml), device);

        var report = MetadataChecker.Check(device);
        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(xml, ThinXmlExportTests.Dump(device, false));
    }

    [Theory]
    [MemberData(nameof(SampleXml))]
    public void ImportOfEverySamplePassesTheOracles(string sample)
    {
        if (!ExternalTools.RequireThinTools() || !ExternalTools.RequireInspector())
        {
            return;
        }

        string xml = File.ReadAllText(OracleTools.SamplePath(sample));
        using var image = new TempImage(2 << 20);
        ThinXml.WriteImage(new StringReader(xml), image.Device);
        image.Save();

        Assert.Equal(0, ExternalTools.ThinCheck(image.Path).ExitCode);
        Assert.Equal(xml, ExternalTools.ThinDump(image.Path).Stdout);
        var inspected = ExternalTools.Inspect("check", image.Path);
        Assert.True(inspected.ExitCode == 0, inspected.Stdout + inspected.Stderr);
    }

    [Theory]
    [InlineData(1, 3, 300, false)]
    [InlineData(2, 6, 2000, false)]
    [InlineData(3, 5, 700, true)]
    [InlineData(4, 2, 70000, false)]
    public void ImportOfGeneratedXmlMatchesThinRestore(int seed, int devices, int mappings, bool shuffle)
    {
        string xml = XmlGenerator.Generate(seed, devices, mappings, 50000, shuffle);
        using var ours = new TempImage(8 << 20);
        ThinXml.WriteImage(new StringReader(xml), ours.Device);
        ours.Save();

        var report = MetadataChecker.Check(ours.Device);
        Assert.True(report.IsClean, report.ToString());
        if (!OracleTools.RequireThinRestore() || !ExternalTools.RequireInspector())
        {
            return;
        }

        using var theirs = new TempImage(8 << 20);
        theirs.Save();
        string xmlPath = theirs.Path + ".xml";
        File.WriteAllText(xmlPath, xml);
        try
        {
            Assert.Equal(0, OracleTools.ThinRestore(xmlPath, theirs.Path).ExitCode);
            Assert.Equal(0, ExternalTools.ThinCheck(ours.Path).ExitCode);
            Assert.Equal(ExternalTools.ThinDump(theirs.Path).Stdout,
                ExternalTools.ThinDump(ours.Path).Stdout);
            if (mappings <= 10000)
            {
                // The python inspector is slow on big trees; thin_check and our checker cover those.
                var inspected = ExternalTools.Inspect("check", ours.Path);
                Assert.True(inspected.ExitCode == 0, inspected.Stdout + inspected.Stderr);
            }
        }
        finally
        {
            File.Delete(xmlPath);
        }
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(16320UL)]
    [InlineData(16321UL)]
    [InlineData(100000UL)]
    public void ImportWithoutMappingsHandlesEveryDataSize(ulong nrDataBlocks)
    {
        string xml = "<superblock uuid=\"\" time=\"3\" transaction=\"4\" flags=\"0\" version=\"2\" "
            + $"data_block_size=\"128\" nr_data_blocks=\"{nrDataBlocks}\">\n"
            + "  <device dev_id=\"2\" mapped_blocks=\"0\" transaction=\"1\" creation_time=\"1\" "
            + "snap_time=\"2\">\n  </device>\n</superblock>\n";
        using var device = new MemoryBlockDevice(1 << 20);

        using var metadata = ThinXml.Import(new StringReader(xml), device);

        var report = MetadataChecker.Check(device);
        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(xml, ThinXmlExportTests.Dump(device, false));
    }

    public static TheoryData<string, int, string> BadDocuments => new()
    {
        { Doc("    <bogus/>\n"), 3, "bogus" },
        { Doc("    <single_mapping origin_block=\"0\" data_block=\"100\" time=\"0\"/>\n"), 3, "nr_data_blocks" },
        { Doc("    <range_mapping origin_begin=\"0\" data_begin=\"90\" length=\"11\" time=\"0\"/>\n"), 3, "nr_data_blocks" },
        { Doc("    <single_mapping origin_block=\"5\" data_block=\"1\" time=\"0\"/>\n"
              + "    <range_mapping origin_begin=\"0\" data_begin=\"2\" length=\"6\" time=\"0\"/>\n"), 4, "twice" },
        { Doc("    <single_mapping origin_block=\"x\" data_block=\"1\" time=\"0\"/>\n"), 3, "origin_block" },
        { Doc("    <single_mapping origin_block=\"1\" time=\"0\"/>\n"), 3, "data_block" },
        { Doc("    <single_mapping origin_block=\"1\" data_block=\"1\" time=\"0\" extra=\"1\"/>\n"), 3, "extra" },
        { Doc("  </device>\n  <device dev_id=\"7\" mapped_blocks=\"0\" transaction=\"0\" creation_time=\"0\" snap_time=\"0\">\n"), 4, "twice" },
        { Doc("    <single_mapping origin_block=\"1\" data_block=\"1\" time=\"0\">\n"), 3, "" },
        { "<superblock uuid=\"\" time=\"0\" transaction=\"0\" data_block_size=\"100\" nr_data_blocks=\"1\"/>", 1, "data_block_size" },
        { "<pool/>", 1, "pool" },
        { "", 0, "" },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public void BadDocumentsAreRefusedByLineAndNothingIsWritten(string xml, int line, string word)
    {
        using var device = CheckImages.Load("two_devs.bin");
        var before = ((MemoryBlockDevice)device).ToArray();

        var e = Assert.Throws<ThinXmlException>(() => ThinXml.WriteImage(new StringReader(xml), device));

        Assert.Equal(line, e.Line);
        Assert.Contains(word, e.Message);
        Assert.Equal(before, ((MemoryBlockDevice)device).ToArray());
    }

    [Fact]
    public void TooSmallMetadataDeviceIsRefusedBeforeWriting()
    {
        string xml = XmlGenerator.Generate(5, 2, 100000, 300000);
        using var device = CheckImages.Load("two_devs.bin");
        var before = device.ToArray();

        Assert.Throws<OutOfMetadataSpaceException>(() => ThinXml.WriteImage(new StringReader(xml), device));

        Assert.Equal(before, device.ToArray());
    }

    private static string Doc(string body) =>
        "<superblock uuid=\"\" time=\"0\" transaction=\"0\" flags=\"0\" version=\"2\" "
        + "data_block_size=\"128\" nr_data_blocks=\"100\">\n"
        + "  <device dev_id=\"7\" mapped_blocks=\"0\" transaction=\"0\" creation_time=\"0\" snap_time=\"0\">\n"
        + body + "  </device>\n</superblock>\n";
}
