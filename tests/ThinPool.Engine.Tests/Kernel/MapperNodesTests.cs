using ThinPool.Engine.Kernel;
using Xunit;

namespace ThinPool.Engine.Tests.Kernel;

// Node creation itself needs a real dev_t and runs in the VM suite; here: the udev branch
// leaves the directory to udev, and size lookups refuse what is not a block device.
public sealed class MapperNodesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("thinpool-nodes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WithUdevCreatedDevicesGetNoNodeFromUs()
    {
        var nodes = new MapperNodes(_dir, udevRuns: true, TimeSpan.Zero);

        nodes.OnCreated(Info("tp0"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void WithUdevSweepLeavesEverything()
    {
        File.WriteAllText(Path.Combine(_dir, "stale"), "");
        var nodes = new MapperNodes(_dir, udevRuns: true, TimeSpan.Zero);

        Assert.Empty(nodes.Sweep([]));
        Assert.True(File.Exists(Path.Combine(_dir, "stale")));
    }

    [Fact]
    public void WithUdevResumeTimesOutWhenTheNodeNeverComes()
    {
        var nodes = new MapperNodes(_dir, udevRuns: true, TimeSpan.FromMilliseconds(30));

        Assert.Throws<TimeoutException>(() => nodes.OnResumed(Info("tp0")));
    }

    [Fact]
    public void SweepWithoutUdevKeepsFilesThatAreNotBlockDevices()
    {
        File.WriteAllText(Path.Combine(_dir, "notes"), "");
        var nodes = new MapperNodes(_dir, udevRuns: false, TimeSpan.Zero);

        Assert.Empty(nodes.Sweep([]));
    }

    [Fact]
    public void BlockDeviceSizeRefusesARegularFile()
    {
        string file = Path.Combine(_dir, "plain");
        File.WriteAllText(file, "x");

        Assert.Throws<ArgumentException>(() => BlockDeviceSize.Sectors(file));
    }

    [Fact]
    public void BlockDeviceSizeNamesAMissingPath()
    {
        var e = Assert.Throws<KernelDeviceException>(
            () => BlockDeviceSize.Sectors(Path.Combine(_dir, "absent")));

        Assert.Equal("ENOENT", e.ErrnoName);
    }

    private static DmDeviceInfo Info(string name) => new(name, "", new DeviceNumber(254, 0), 0, 0,
        1, false, false, true, false, false);
}
