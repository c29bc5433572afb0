using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Tests.Check;
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

        Assert.True(MetadataChecker.Check(device).IsClean, MetadataChecker.Check(device).ToString());
        Assert.Equal(xml, ThinXmlExportTests.Dump(device, false));
    }

    [Theory]
    [MemberData(nameof(SampleXml))]
    public void ImportOfEverySamplePassesTheOracles(string sample)
    {
        if (!OracleTools.Available("thin_check") || !OracleTools.Available("python3"))
        {
            return;
        }

        string xml = File.ReadAllText(OracleTools.SamplePath(sample));
        using var image = new TempImage(2 << 20);
        ThinXml.WriteImage(new StringReader(xml), image.Device);
        image.Save();

        Assert.Equal(0, OracleTools.Run("thin_check", image.Path).ExitCode);
        Assert.Equal(xml, OracleTools.Run("thin_dump", image.Path).Stdout);
        var inspected = OracleTools.Inspect("check", image.Path);
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

        Assert.True(MetadataChecker.Check(ours.Device).IsClean, MetadataChecker.Check(ours.Device).ToString());
        if (!OracleTools.Available("thin_restore") || !OracleTools.Available("python3"))
        {
            return;
        }

        using var theirs = new TempImage(8 << 20);
        theirs.Save();
        string xmlPath = theirs.Path + ".xml";
        File.WriteAllText(xmlPath, xml);
        try
        {
            Assert.Equal(0, OracleTools.Run("thin_restore", "-q", "-i", xmlPath, "-o", theirs.Path).ExitCode);
            Assert.Equal(0, OracleTools.Run("thin_check", ours.Path).ExitCode);
            Assert.Equal(OracleTools.Run("thin_dump", theirs.Path).Stdout,
                OracleTools.Run("thin_dump", ours.Path).Stdout);
            var inspected = OracleTools.Inspect("check", ours.Path);
            Assert.True(inspected.ExitCode == 0, inspected.Stdout + inspected.Stderr);
        }
        finally
        {
            File.Delete(xmlPath);
        }
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
