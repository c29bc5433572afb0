using ThinPool.Engine.Lvm;
using Xunit;

namespace ThinPool.Engine.Tests.Lvm;

public sealed class LvmNamesTests
{
    [Theory]
    [InlineData("docker")]
    [InlineData("vg_0.data+x-y")]
    public void AcceptsLvmNames(string name)
    {
        LvmNames.ValidateVolumeGroup(name, "p");
        LvmNames.ValidateLogicalVolume(name, "p");
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("-vg")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("é")]
    public void RefusesBadVolumeGroupNames(string name)
    {
        Assert.Throws<ArgumentException>(() => LvmNames.ValidateVolumeGroup(name, "p"));
    }

    [Fact]
    public void RefusesOverlongNames()
    {
        Assert.Throws<ArgumentException>(() =>
            LvmNames.ValidateVolumeGroup(new string('a', LvmNames.MaxLength + 1), "p"));
    }

    [Theory]
    [InlineData("snapshot1")]
    [InlineData("pvmove0")]
    [InlineData("pool_tdata")]
    [InlineData("x_pmspare")]
    public void RefusesLogicalVolumeNamesLvmReserves(string name)
    {
        Assert.Throws<ArgumentException>(() => LvmNames.ValidateLogicalVolume(name, "p"));
    }
}
