using ThinPool.Engine.Lvm;
using Xunit;

namespace ThinPool.Engine.Tests.Lvm;

public sealed class LvmThinPoolOptionsTests
{
    private static LvmThinPoolOptions Valid() => new()
    {
        Name = "docker-thinpool",
        VolumeGroup = "docker",
        PhysicalDevices = ["/dev/xvdf"],
    };

    [Fact]
    public void AcceptsTheGuideDefaults()
    {
        Valid().Validate();
    }

    public static TheoryData<string, Func<LvmThinPoolOptions, LvmThinPoolOptions>> Invalid() =>
        new()
    {
        { "DataPercent", o => With(o, dataPercent: 0) },
        { "DataPercent", o => With(o, dataPercent: 101) },
        { "MetadataPercent", o => With(o, metadataPercent: 0) },
        { "DataPercent", o => With(o, dataPercent: 99, metadataPercent: 2) },
        { "ChunkSizeBytes", o => With(o, chunk: 32 * 1024) },
        { "ChunkSizeBytes", o => With(o, chunk: 96 * 1024) },
        { "ChunkSizeBytes", o => With(o, chunk: 2L * 1024 * 1024 * 1024) },
        { "AutoExtendThresholdPercent", o => With(o, threshold: 49) },
        { "AutoExtendThresholdPercent", o => With(o, threshold: 101) },
        { "AutoExtendPercent", o => With(o, extend: 0) },
        { "VolumeGroup", _ => Named(vg: "bad/name") },
        { "Name", _ => Named(name: "-x") },
        { "LogicalVolume", _ => Named(lv: "pool_tmeta") },
        { "PhysicalDevices", _ => Named(devices: []) },
        { "PhysicalDevices", _ => Named(devices: ["vda"]) },
        { "PhysicalDevices", _ => Named(devices: ["/dev/a", "/dev/a"]) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void RefusesABadSettingNamingIt(string parameter,
        Func<LvmThinPoolOptions, LvmThinPoolOptions> change)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => change(Valid()).Validate());

        Assert.Equal(parameter, ex.ParamName);
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(512 * 1024)]
    [InlineData(1024L * 1024 * 1024)]
    public void AcceptsChunkSizesAtTheLimitsAndBetween(long chunk)
    {
        With(Valid(), chunk: chunk).Validate();
    }

    private static LvmThinPoolOptions Named(string name = "n", string vg = "vg",
        string lv = "thinpool", string[]? devices = null) =>
        new() { Name = name, VolumeGroup = vg, LogicalVolume = lv, PhysicalDevices = devices ?? ["/dev/a"] };

    private static LvmThinPoolOptions With(LvmThinPoolOptions o, int? dataPercent = null,
        int? metadataPercent = null, long? chunk = null, int? threshold = null, int? extend = null) =>
        new()
        {
            Name = o.Name,
            VolumeGroup = o.VolumeGroup,
            PhysicalDevices = o.PhysicalDevices,
            DataPercent = dataPercent ?? o.DataPercent,
            MetadataPercent = metadataPercent ?? o.MetadataPercent,
            ChunkSizeBytes = chunk ?? o.ChunkSizeBytes,
            AutoExtendThresholdPercent = threshold ?? o.AutoExtendThresholdPercent,
            AutoExtendPercent = extend ?? o.AutoExtendPercent,
        };
}
