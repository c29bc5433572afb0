using ThinPool.Engine.Lvm;
using Xunit;

namespace ThinPool.Engine.Tests.Lvm;

public sealed class LvmProfileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tp-lvm-" + Guid.NewGuid());

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    [Fact]
    public void RendersTheActivationSection()
    {
        string text = LvmProfile.Render(80, 20);

        Assert.Contains("activation {\n\tthin_pool_autoextend_threshold=80\n" +
            "\tthin_pool_autoextend_percent=20\n}\n", text);
    }

    [Fact]
    public void WritesNameDotProfileInItsDirectory()
    {
        var profile = new LvmProfile(new LvmCommandRunner(new FakeLvm()), _dir);

        string path = profile.Write("docker-thinpool", 70, 30);

        Assert.Equal((Path.Combine(_dir, "docker-thinpool.profile"), LvmProfile.Render(70, 30)),
            (path, File.ReadAllText(path)));
    }

    [Theory]
    [InlineData("lvmconfig-profile.txt", "docker-thinpool", 80, 20, true)]
    [InlineData("lvmconfig-global.txt", null, 100, 20, false)]
    public void ParsesLvmconfigOutput(string sample, string? profile, int threshold, int percent,
        bool enabled)
    {
        var settings = LvmProfile.ParseSettings(Samples.Read(sample), profile);

        Assert.Equal((new LvmAutoExtendSettings(threshold, percent, profile), enabled),
            (settings, settings.IsEnabled));
    }

    [Fact]
    public void NamesAMissingSetting()
    {
        var ex = Assert.Throws<LvmReportFormatException>(() =>
            LvmProfile.ParseSettings("thin_pool_autoextend_threshold=80\n", null));

        Assert.Equal("thin_pool_autoextend_percent", ex.Field);
    }

    [Fact]
    public void ReadsSettingsThroughThePoolsProfile()
    {
        var fake = new FakeLvm();
        fake.Answer("lvmconfig", Samples.Read("lvmconfig-profile.txt"));

        new LvmProfile(new LvmCommandRunner(fake), _dir).ReadSettings("docker-thinpool");

        Assert.Equal("lvmconfig --type full --metadataprofile docker-thinpool " +
            "activation/thin_pool_autoextend_threshold activation/thin_pool_autoextend_percent",
            fake.Calls.Single());
    }
}
