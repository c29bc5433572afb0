using ThinPool.Engine.Kernel;
using ThinPool.Engine.Kernel.Status;
using Xunit;

namespace ThinPool.Engine.Tests.Kernel;

public sealed class TableLineTests
{
    public static TheoryData<ThinPoolFeatures, string> FeatureLines => new()
    {
        { ThinPoolFeatures.None, "/dev/loop1 /dev/loop0 128 32768" },
        { ThinPoolFeatures.SkipBlockZeroing, "/dev/loop1 /dev/loop0 128 32768 1 skip_block_zeroing" },
        {
            ThinPoolFeatures.ErrorIfNoSpace | ThinPoolFeatures.NoDiscardPassdown,
            "/dev/loop1 /dev/loop0 128 32768 2 no_discard_passdown error_if_no_space"
        },
        {
            ThinPoolFeatures.SkipBlockZeroing | ThinPoolFeatures.IgnoreDiscard
                | ThinPoolFeatures.ReadOnly | ThinPoolFeatures.ErrorIfNoSpace,
            "/dev/loop1 /dev/loop0 128 32768 4 skip_block_zeroing ignore_discard read_only "
                + "error_if_no_space"
        },
    };

    [Theory]
    [MemberData(nameof(FeatureLines))]
    public void PoolTableFormatsFeaturesInKernelOrder(ThinPoolFeatures features, string expected)
    {
        var table = new ThinPoolTable(4194304, "/dev/loop1", "/dev/loop0", 128, 32768, features);

        Assert.Equal(expected, table.FormatParameters());
    }

    [Theory]
    [MemberData(nameof(FeatureLines))]
    public void PoolTableRoundTrips(ThinPoolFeatures features, string parameters)
    {
        var table = ThinPoolTable.ParseParameters(4194304, parameters);

        Assert.Equal(new ThinPoolTable(4194304, "/dev/loop1", "/dev/loop0", 128, 32768, features),
            table);
    }

    [Fact]
    public void PoolTableParsesWhatTheKernelReports()
    {
        var t = ThinPoolTable.Parse(new DmTarget(0, 65536, "thin-pool",
            "7:1 7:0 128 256 1 SKIP_BLOCK_ZEROING "));

        Assert.Equal(new ThinPoolTable(65536, "7:1", "7:0", 128, 256,
            ThinPoolFeatures.SkipBlockZeroing), t);
    }

    [Fact]
    public void PoolTargetLineIsWhatDmsetupPrints()
    {
        var t = new ThinPoolTable(65536, "7:1", "7:0", 128, 256, ThinPoolFeatures.None).ToTarget();

        Assert.Equal("0 65536 thin-pool 7:1 7:0 128 256", t.ToString());
    }

    [Theory]
    [InlineData("7:1 7:0 128", "low water mark")]
    [InlineData("7:1", "data device")]
    [InlineData("7:1 7:0 big 0", "data block size")]
    [InlineData("7:1 7:0 128 -5", "low water mark")]
    [InlineData("7:1 7:0 128 0 2 skip_block_zeroing", "feature count")]
    [InlineData("7:1 7:0 128 0 1 fast", "feature")]
    [InlineData("7:1 7:0 128 0 x", "feature count")]
    public void PoolTableParseNamesTheField(string parameters, string field)
    {
        var e = Assert.Throws<StatusParseException>(
            () => ThinPoolTable.ParseParameters(1024, parameters));

        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void PoolTableParseRefusesOtherTargetTypes()
    {
        var e = Assert.Throws<StatusParseException>(
            () => ThinPoolTable.Parse(new DmTarget(0, 8, "linear", "7:0 0")));

        Assert.Equal("target type", e.Field);
    }

    [Theory]
    [InlineData(64u)]
    [InlineData(129u)]
    [InlineData(4194304u)]
    public void PoolTableRefusesBadBlockSizes(uint blockSize)
    {
        var table = new ThinPoolTable(1 << 22, "/dev/a", "/dev/b", blockSize, 0, default);

        Assert.Throws<ArgumentException>(() => table.FormatParameters());
    }

    [Fact]
    public void PoolTableRefusesTheSameDeviceTwice()
    {
        var table = new ThinPoolTable(1 << 22, "/dev/a", "/dev/a", 128, 0, default);

        Assert.Throws<ArgumentException>(() => table.ToTarget());
    }

    [Theory]
    [InlineData("254:0 7", 7UL, null)]
    [InlineData("/dev/mapper/pool 0 /dev/sdb", 0UL, "/dev/sdb")]
    public void ThinTableRoundTrips(string parameters, ulong id, string? origin)
    {
        var t = ThinTable.Parse(new DmTarget(0, 2048, "thin", parameters));

        Assert.Equal(id, t.DeviceId);
        Assert.Equal(origin, t.ExternalOrigin);
        Assert.Equal(parameters, t.FormatParameters());
    }

    [Theory]
    [InlineData("", "pool device")]
    [InlineData("254:0", "device id")]
    [InlineData("254:0 x", "device id")]
    [InlineData("254:0 16777216", "device id")]
    [InlineData("254:0 1 2 3", "external origin")]
    public void ThinTableParseNamesTheField(string parameters, string field)
    {
        var e = Assert.Throws<StatusParseException>(
            () => ThinTable.Parse(new DmTarget(0, 8, "thin", parameters)));

        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void ThinTableRefusesIdsAbove24Bits()
    {
        Assert.Throws<ArgumentException>(
            () => new ThinTable(8, "254:0", ThinTable.MaxDeviceId + 1).ToTarget());
    }
}
