using ThinPool.Engine.IO;
using Xunit;

namespace ThinPool.Engine.Tests.IO;

public class MemoryBlockDeviceTests
{
    [Fact]
    public void UnwrittenBytesReadAsZero()
    {
        var device = new MemoryBlockDevice(1L << 40);
        var buffer = new byte[100];
        buffer[0] = 1;
        device.Read((1L << 40) - 100, buffer);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void WritesSpanningPagesReadBack()
    {
        var device = new MemoryBlockDevice(1 << 20);
        byte[] data = Enumerable.Range(0, 200000).Select(i => (byte)(i * 7)).ToArray();
        device.Write(65000, data);
        var back = new byte[data.Length];
        device.Read(65000, back);
        Assert.Equal(data, back);
    }

    [Fact]
    public void ReadOnlyDeviceRefusesWrites()
    {
        var device = new MemoryBlockDevice(4096, readOnly: true);
        Assert.Throws<InvalidOperationException>(() => device.Write(0, new byte[1]));
    }

    [Fact]
    public void RangeChecksThrowEndOfDevice()
    {
        var device = new MemoryBlockDevice(4096);
        var error = Assert.Throws<EndOfDeviceException>(() => device.Read(4095, new byte[2]));
        Assert.Equal(4096, error.DeviceLength);
    }
}
