using ThinPool.Engine.Kernel;
using Xunit;

namespace ThinPool.Engine.Tests.Kernel;

public sealed class DeviceNumberTests
{
    [Theory]
    [InlineData(7u, 1u, 0x0701UL)]
    [InlineData(254u, 0u, 0xFE00UL)]
    [InlineData(254u, 300u, 0x10FE2CUL)]
    [InlineData(259u, 65536u, 0x10010300UL)]
    [InlineData(4096u, 0u, 0x1000_0000_0000UL)]
    public void EncodesLikeGlibcMakedev(uint major, uint minor, ulong dev)
    {
        var number = new DeviceNumber(major, minor);

        Assert.Equal(dev, number.Dev);
        Assert.Equal(number, DeviceNumber.FromDev(dev));
    }

    [Theory]
    [InlineData("7:1", true, 7u, 1u)]
    [InlineData("254:12", true, 254u, 12u)]
    [InlineData("254", false, 0u, 0u)]
    [InlineData(":1", false, 0u, 0u)]
    [InlineData("a:b", false, 0u, 0u)]
    public void ParsesMajorColonMinor(string text, bool ok, uint major, uint minor)
    {
        Assert.Equal(ok, DeviceNumber.TryParse(text, out DeviceNumber d));
        Assert.Equal(new DeviceNumber(major, minor), d);
    }
}
