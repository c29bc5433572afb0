using ThinPool.Engine.IO;
using ThinPool.Engine.Tests.Metadata;
using Xunit;

namespace ThinPool.Engine.Tests.IO;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class FileBlockDeviceTests
{
    [Fact]
    public void CreateMakesASparsePrivateFile()
    {
        using var file = new TempFile();
        using (FileBlockDevice device = FileBlockDevice.Create(file.Path, 1L << 30))
        {
            Assert.Equal(1L << 30, device.Length);
            Assert.False(device.IsReadOnly);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
        Assert.Equal(1L << 30, new FileInfo(file.Path).Length);
    }

    [Fact]
    public void CreateRefusesAnExistingFileUnlessToldToOverwrite()
    {
        using var file = new TempFile();
        File.WriteAllText(file.Path, "keep");
        Assert.Throws<IOException>(() => FileBlockDevice.Create(file.Path, 4096));
        Assert.Equal("keep", File.ReadAllText(file.Path));
        using FileBlockDevice device = FileBlockDevice.Create(file.Path, 8192, overwrite: true);
        Assert.Equal(8192, device.Length);
    }

    [Fact]
    public void SymbolicLinksAreRefused()
    {
        using var target = new TempFile();
        using var link = new TempFile();
        File.WriteAllBytes(target.Path, new byte[4096]);
        File.CreateSymbolicLink(link.Path, target.Path);
        var error = Assert.Throws<IOException>(() => FileBlockDevice.Open(link.Path, readOnly: false));
        Assert.Contains("symbolic link", error.Message);
        Assert.Throws<IOException>(() => FileBlockDevice.Create(link.Path, 4096, overwrite: true));
    }

    [Fact]
    public void WritesReadBackAndSurviveReopening()
    {
        using var file = new TempFile();
        byte[] data = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        using (FileBlockDevice device = FileBlockDevice.Create(file.Path, 1 << 20))
        {
            device.Write(12345, data);
            device.Flush();
        }

        using FileBlockDevice reopened = FileBlockDevice.Open(file.Path, readOnly: true);
        var back = new byte[5000];
        reopened.Read(12345, back);
        Assert.Equal(data, back);
        Assert.Throws<InvalidOperationException>(() => reopened.Write(0, data));
    }

    [Fact]
    public void AccessPastTheEndThrows()
    {
        using var file = new TempFile();
        using FileBlockDevice device = FileBlockDevice.Create(file.Path, 4096);
        Assert.Throws<EndOfDeviceException>(() => device.Read(4000, new byte[100]));
        Assert.Throws<EndOfDeviceException>(() => device.Write(-1, new byte[1]));
    }

    [Fact]
    public void SetLengthGrowsButNeverShrinks()
    {
        using var file = new TempFile();
        using FileBlockDevice device = FileBlockDevice.Create(file.Path, 4096);
        device.SetLength(1 << 20);
        Assert.Equal(1 << 20, device.Length);
        var zeros = new byte[4096];
        device.Read((1 << 20) - 4096, zeros);
        Assert.All(zeros, b => Assert.Equal(0, b));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.SetLength(4096));
    }

    [Fact]
    public void OpeningAMissingFileFails()
    {
        using var file = new TempFile();
        Assert.Throws<IOException>(() => FileBlockDevice.Open(file.Path, readOnly: true));
    }
}
