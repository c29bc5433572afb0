using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Tests.Check;
using ThinPool.Engine.Tests.Oracles;
using Xunit;

namespace ThinPool.Engine.Tests.Xml;

public class ThinXmlExportTests
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
    public void ExportOfEverySampleEqualsItsXmlFile(string image, string xml, bool snapshot)
    {
        using var device = CheckImages.Load(image);

        string dumped = Dump(device, snapshot);

        Assert.Equal(File.ReadAllText(OracleTools.SamplePath(xml)), dumped);
    }

    [Theory]
    [InlineData("two_devs.bin", false)]
    [InlineData("three_devs.bin", false)]
    [InlineData("fresh_kernel.bin", false)]
    [InlineData("kernel_model.bin", false)]
    [InlineData("kernel_model.bin", true)]
    public void ExportEqualsThinDumpByteForByte(string image, bool snapshot)
    {
        if (!ExternalTools.RequireThinTools())
        {
            return;
        }

        using var device = CheckImages.Load(image);
        string path = OracleTools.SamplePath(image);

        var (code, expected, _) = snapshot
            ? ExternalTools.ThinDump(path, "-m")
            : ExternalTools.ThinDump(path);

        Assert.Equal(0, code);
        Assert.Equal(expected, Dump(device, snapshot));
    }

    [Fact]
    public void ExportOfCorruptSampleNamesBlock11()
    {
        using var device = CheckImages.Load("two_devs_corrupt.bin");

        var e = Assert.Throws<MetadataCorruptException>(() => Dump(device, false));

        Assert.Equal(11UL, e.Block);
    }

    [Fact]
    public void SnapshotExportWithoutSnapshotIsRefused()
    {
        using var device = CheckImages.Load("two_devs.bin");

        Assert.Throws<MetadataSnapshotException>(() => Dump(device, true));
    }

    internal static string Dump(IBlockDevice device, bool snapshot)
    {
        var writer = new StringWriter();
        ThinXml.Export(device, writer, snapshot);
        return writer.ToString();
    }
}
