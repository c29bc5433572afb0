using Xunit;

namespace ThinPool.Engine.Tests.Reliability;

public class FaultInjectingBlockDeviceTests
{
    [Fact]
    public void ReadsSeeWritesThatAreNotYetFlushed()
    {
        var device = new FaultInjectingBlockDevice(new byte[4096], PowerRail.AlwaysOn());
        device.Write(0, new byte[] { 1, 2, 3 });

        var back = new byte[3];
        device.Read(0, back);

        Assert.Equal(new byte[] { 1, 2, 3 }, back);
    }

    [Fact]
    public void FlushedWritesSurviveTheCutAndUnflushedOnesAreDropped()
    {
        var rail = new PowerRail(3, CrashModel.DropUnflushed, new Random(1));
        var device = new FaultInjectingBlockDevice(new byte[4096], rail);
        device.Write(0, Filled(512, 1));
        device.Flush();
        device.Write(512, Filled(512, 2));

        Assert.Throws<PowerLossException>(() => device.Write(1024, Filled(512, 3)));
        Assert.Equal(Filled(512, 1), device.DurableImage[..512]);
        Assert.Equal(new byte[512], device.DurableImage[512..1024]);
    }

    [Fact]
    public void TheCutWriteLandsAsAWholeSectorPrefix()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var device = new FaultInjectingBlockDevice(new byte[4096],
                new PowerRail(1, CrashModel.DropUnflushed, new Random(seed)));

            Assert.Throws<PowerLossException>(() => device.Write(0, Filled(4096, 7)));

            int landed = Array.IndexOf(device.DurableImage, (byte)0);
            landed = landed < 0 ? 4096 : landed;
            Assert.Equal(0, landed % 512);
            Assert.All(device.DurableImage[landed..], b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void EveryIoAfterTheCutThrows()
    {
        var rail = new PowerRail(1, CrashModel.DropUnflushed, new Random(1));
        var device = new FaultInjectingBlockDevice(new byte[4096], rail);
        Assert.Throws<PowerLossException>(() => device.Write(0, new byte[512]));

        Assert.Throws<PowerLossException>(() => device.Read(0, new byte[512]));
    }

    private static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }
}
