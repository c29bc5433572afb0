using System.Text.Json;
using ThinPool.Engine.Daemon;
using Xunit;

namespace ThinPool.Engine.Tests.Daemon;

public sealed class DaemonConfigGeneratorTests
{
    [Fact]
    public void WritesDockerStorageOptsForThePool()
    {
        var config = DaemonConfigGenerator.ForDocker("docker-thinpool");

        using var doc = JsonDocument.Parse(config.Text);
        Assert.Equal(("devicemapper", "dm.thinpooldev=/dev/mapper/docker-thinpool|" +
            "dm.use_deferred_removal=true|dm.use_deferred_deletion=true"),
            (doc.RootElement.GetProperty("storage-driver").GetString(), string.Join('|',
                doc.RootElement.GetProperty("storage-opts").EnumerateArray().Select(e => e.GetString()))));
    }

    [Fact]
    public void WritesContainerdsDevmapperSection()
    {
        var config = DaemonConfigGenerator.ForContainerd("docker-thinpool");

        Assert.Equal("version = 2\n\n" +
            "[plugins.\"io.containerd.snapshotter.v1.devmapper\"]\n" +
            "  pool_name = \"docker-thinpool\"\n" +
            "  root_path = \"/var/lib/containerd/devmapper\"\n" +
            "  base_image_size = \"10240MB\"\n", config.Text);
    }

    [Theory]
    [InlineData(DaemonKind.Docker, "/etc/docker/daemon.json", "json")]
    [InlineData(DaemonKind.Containerd, "/etc/containerd/config.toml", "toml")]
    public void NamesTheFileItBelongsIn(DaemonKind kind, string path, string format)
    {
        var config = DaemonConfigGenerator.For(kind, "vg-pool");

        Assert.Equal((kind, path, format), (config.Kind, config.Path, config.Format));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\"b")]
    [InlineData("a b")]
    public void RefusesNamesThatWouldBreakTheFile(string name)
    {
        Assert.Throws<ArgumentException>(() => DaemonConfigGenerator.ForDocker(name));
    }

    [Theory]
    [InlineData("relative", 1048576)]
    [InlineData("/ok", 0)]
    [InlineData("/ok", 1000)]
    public void RefusesBadContainerdSettings(string root, long size)
    {
        Assert.ThrowsAny<ArgumentException>(() =>
            DaemonConfigGenerator.ForContainerd("pool", root, size));
    }
}
