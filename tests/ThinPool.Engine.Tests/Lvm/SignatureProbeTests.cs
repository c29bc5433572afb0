using ThinPool.Engine.Lvm;
using Xunit;

namespace ThinPool.Engine.Tests.Lvm;

public sealed class SignatureProbeTests
{
    [Fact]
    public void ParsesAnExt4Signature()
    {
        var sig = Assert.Single(SignatureProbe.Parse("/dev/vda", Samples.Read("wipefs-ext4.json")));

        Assert.Equal(new DeviceSignature("/dev/vda", 0x438, "ext4",
            "095f736d-9543-4b8c-888b-54d903baedec", null), sig);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void TreatsNoOutputAsClean(string output)
    {
        Assert.Empty(SignatureProbe.Parse("/dev/vda", output));
    }

    [Fact]
    public void ParsesAnEmptyList()
    {
        Assert.Empty(SignatureProbe.Parse("/dev/vdb", Samples.Read("wipefs-clean.json")));
    }

    [Fact]
    public void ProbesWithoutChangingTheDevice()
    {
        var fake = new FakeLvm();
        fake.Answer("wipefs", Samples.Read("wipefs-clean.json"));

        new SignatureProbe(new LvmCommandRunner(fake)).Probe("/dev/vdb");

        Assert.Equal(["wipefs --no-act --json /dev/vdb"], fake.Calls);
    }

    [Fact]
    public void RefusesASignedDeviceWithoutForce()
    {
        var fake = new FakeLvm();
        fake.Answer("wipefs", Samples.Read("wipefs-ext4.json"));
        var probe = new SignatureProbe(new LvmCommandRunner(fake));

        var ex = Assert.Throws<LvmRefusedException>(() => probe.RequireClean("/dev/vda", false));

        Assert.Equal((LvmRefusalReason.DeviceHasSignature, "/dev/vda"), (ex.Reason, ex.Target));
    }

    [Fact]
    public void AcceptsASignedDeviceWithForce()
    {
        var fake = new FakeLvm();
        fake.Answer("wipefs", Samples.Read("wipefs-ext4.json"));
        var probe = new SignatureProbe(new LvmCommandRunner(fake));

        Assert.Single(probe.RequireClean("/dev/vda", true));
    }

    [Fact]
    public void RefusesABadOffset()
    {
        const string json = "{\"signatures\":[{\"device\":\"vda\",\"offset\":\"zz\",\"type\":\"x\"}]}";

        var ex = Assert.Throws<LvmReportFormatException>(() => SignatureProbe.Parse("/dev/vda", json));

        Assert.Equal("offset", ex.Field);
    }

    [Fact]
    public void RefusesADeviceThatDoesNotExist()
    {
        var fake = new FakeLvm { FailOn = "wipefs" };
        var probe = new SignatureProbe(new LvmCommandRunner(fake));

        var ex = Assert.Throws<LvmRefusedException>(() => probe.Probe("/dev/thinpool-no-such-disk"));

        Assert.Equal(LvmRefusalReason.DeviceNotFound, ex.Reason);
    }

    [Fact]
    public void KeepsWipefsErrorsForADeviceThatExists()
    {
        var fake = new FakeLvm { FailOn = "wipefs" };
        var probe = new SignatureProbe(new LvmCommandRunner(fake));

        Assert.Throws<LvmCommandException>(() => probe.Probe("/dev/null"));
    }
}
