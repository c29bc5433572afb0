using ThinPool.Engine.Kernel;
using Xunit;

namespace ThinPool.Engine.Tests.Kernel;

// What can be checked without device-mapper: argument validation, error text and the probe's
// answer on this host. The ioctls themselves run in the VM suite (tests/kernel).
public sealed class DmControlTests
{
    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("control")]
    [InlineData("x\0y")]
    public void ValidateNameRefusesWhatTheKernelOrNodeDirectoryWould(string name)
    {
        Assert.Throws<ArgumentException>(() => DmControl.ValidateName(name));
    }

    [Fact]
    public void ValidateNameRefuses128Bytes()
    {
        Assert.Throws<ArgumentException>(() => DmControl.ValidateName(new string('a', 128)));
    }

    [Fact]
    public void ValidateNameAcceptsAVolumeName()
    {
        DmControl.ValidateName("tp0-vol_1.snap");
    }

    [Fact]
    public void ExceptionMessageNamesCommandDeviceAndErrno()
    {
        var e = new DeviceMapperException("DM_DEV_REMOVE", "tp0-v1", 16);

        Assert.StartsWith("DM_DEV_REMOVE on 'tp0-v1' failed: EBUSY", e.Message);
        Assert.True(e.IsBusy);
    }

    [Fact]
    public void OpeningAMissingControlNodeNamesIt()
    {
        var e = Assert.Throws<DeviceMapperException>(
            () => DmControl.Open("/nonexistent/mapper/control"));

        Assert.Equal("/nonexistent/mapper/control", e.Device);
        Assert.Equal("ENOENT", e.ErrnoName);
    }

    [Fact]
    public void ProbeNamesTheMissingControlNodeAndPointsAtOffline()
    {
        var report = KernelSupport.Probe("/nonexistent/mapper/control");

        Assert.False(report.IsSupported);
        Assert.Contains("-Offline", report.Problem);
    }

    [Fact]
    public void LoopPathParserRefusesOtherPaths()
    {
        Assert.Throws<ArgumentException>(() => LoopDevice.FromPath("/dev/sda"));
        Assert.Equal(3, LoopDevice.FromPath("/dev/loop3").Number);
    }

    [Fact]
    public void FindAttachedReturnsNullForAMissingFile()
    {
        Assert.Null(LoopDevice.FindAttached("/nonexistent/thinpool-data"));
    }
}
