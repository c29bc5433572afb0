using ThinPool.Engine.Lvm;
using Xunit;

namespace ThinPool.Engine.Tests.Lvm;

public sealed class LvmReportTests
{
    [Fact]
    public void ParsesPhysicalVolumeSizesInBytes()
    {
        var pv = Assert.Single(LvmReport.ParsePhysicalVolumes(Samples.Read("pvs-one.json")));

        Assert.Equal(new LvmPhysicalVolume("/dev/vda", "docker", 1069547520, 37748736,
            "yEAcy9-nqvW-mS9R-2HLT-zob9-absa-FkXNnS"), pv);
    }

    [Fact]
    public void ParsesAnEmptyReport()
    {
        Assert.Empty(LvmReport.ParsePhysicalVolumes(Samples.Read("pvs-none.json")));
    }

    [Fact]
    public void ParsesVolumeGroupExtents()
    {
        var vg = Assert.Single(LvmReport.ParseVolumeGroups(Samples.Read("vgs-one.json")));

        Assert.Equal(new LvmVolumeGroup("docker", 1069547520, 37748736, 4194304, 255, 9, 1, 1,
            "naJpoG-MczL-Lazw-9824-KFIn-Yjdc-VL5zlq"), vg);
    }

    [Fact]
    public void ParsesTheThinPoolRow()
    {
        var pool = LvmReport.ParseLogicalVolumes(Samples.Read("lvs-new-pool.json"))
            .Single(lv => lv.IsThinPool);

        Assert.Equal(new LvmLogicalVolume("docker", "thinpool", "twi-a-t---", 1015021568,
            "thin-pool", 0.0, 10.40, 0, 524288, 8388608, "docker-thinpool",
            LvmMonitorState.Monitored, "/dev/mapper/docker-thinpool",
            "dNKTAe-oaNL-D3qU-VGFh-efuI-cIXK-97hu7A", true, false, null), pool);
    }

    [Theory]
    [InlineData("lvol0_pmspare", false)]
    [InlineData("thinpool_tdata", true)]
    [InlineData("thinpool_tmeta", true)]
    public void StripsTheBracketsOfHiddenVolumes(string name, bool active)
    {
        var lv = LvmReport.ParseLogicalVolumes(Samples.Read("lvs-new-pool.json"))
            .Single(l => l.Name == name);

        Assert.Equal((true, active, (ulong?)null, (long?)null, (string?)null),
            (lv.IsHidden, lv.IsActive, lv.TransactionId, lv.MetadataSizeBytes, lv.Profile));
    }

    [Theory]
    [InlineData("", LvmMonitorState.Unknown)]
    [InlineData("monitored", LvmMonitorState.Monitored)]
    [InlineData("not monitored", LvmMonitorState.NotMonitored)]
    public void MapsSegMonitor(string text, LvmMonitorState expected)
    {
        Assert.Equal(expected, LvmReport.ParseMonitor(text));
    }

    [Theory]
    [InlineData("not json", "report")]
    [InlineData("{}", "report")]
    [InlineData("{\"report\":[{}]}", "pv")]
    [InlineData("{\"report\":[{\"pv\":[{\"pv_name\":\"/dev/a\"}]}]}", "vg_name")]
    [InlineData("{\"report\":[{\"pv\":[{\"pv_name\":\"/dev/a\",\"vg_name\":\"\"," +
        "\"pv_size\":\"1.00g\",\"pv_free\":\"0\",\"pv_uuid\":\"u\"}]}]}", "pv_size")]
    [InlineData("{\"report\":[{\"pv\":[{\"pv_name\":1}]}]}", "pv_name")]
    public void NamesTheFieldThatFailed(string json, string field)
    {
        var ex = Assert.Throws<LvmReportFormatException>(() => LvmReport.ParsePhysicalVolumes(json));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void RefusesAnUnknownMonitorValue()
    {
        var ex = Assert.Throws<LvmReportFormatException>(() => LvmReport.ParseMonitor("maybe"));

        Assert.Equal("seg_monitor", ex.Field);
    }
}
