using ThinPool.Engine.Lvm;
using Xunit;

namespace ThinPool.Engine.Tests.Lvm;

public sealed class LvmCommandRunnerTests
{
    [Fact]
    public void RunsLvmSubcommandsThroughTheLvmBinaryWithAnArgumentList()
    {
        var fake = new FakeLvm();

        new LvmCommandRunner(fake, withoutUdev: false).RunLvm("vgcreate", "docker", "/dev/a b");

        Assert.Equal(["lvm", "vgcreate", "docker", "/dev/a b"], fake.RawCalls.Single());
    }

    [Fact]
    public void PassesTheNoUdevConfigWhenAsked()
    {
        var fake = new FakeLvm();

        new LvmCommandRunner(fake, withoutUdev: true).RunLvm("pvs");

        Assert.Equal(["lvm", "pvs", "--config", LvmCommandRunner.NoUdevConfig],
            fake.RawCalls.Single());
    }

    [Fact]
    public void SuppressesDescriptorWarnings()
    {
        var fake = new FakeLvm();

        new LvmCommandRunner(fake).RunLvm("pvs");

        Assert.Equal("1", fake.Environments.Single()["LVM_SUPPRESS_FD_WARNINGS"]);
    }

    [Fact]
    public void ReturnsStandardOutput()
    {
        var fake = new FakeLvm();
        fake.Answer("lvs", "out");

        Assert.Equal("out", new LvmCommandRunner(fake).RunLvm("lvs"));
    }

    [Fact]
    public void TurnsANonZeroExitIntoAnExceptionNamingCommandArgumentsAndStderr()
    {
        var fake = new FakeLvm { FailOn = "lvcreate" };

        var ex = Assert.Throws<LvmCommandException>(() =>
            new LvmCommandRunner(fake).RunLvm("lvcreate", "-n", "x", "vg"));

        Assert.Equal(("lvcreate", "-n x vg", 5, "lvcreate: injected failure"),
            (ex.Command, string.Join(' ', ex.Arguments), ex.ExitCode, ex.StandardError));
    }

    [Fact]
    public void PutsTheCommandLineInTheMessage()
    {
        var fake = new FakeLvm { FailOn = "lvcreate" };

        var ex = Assert.Throws<LvmCommandException>(() =>
            new LvmCommandRunner(fake).RunLvm("lvcreate", "-n", "x", "vg"));

        Assert.StartsWith("'lvcreate -n x vg' failed with exit code 5", ex.Message);
    }

    [Fact]
    public void TurnsAStartFailureIntoAnException()
    {
        var runner = new LvmCommandRunner(SystemProcessRunner.Instance);

        var ex = Assert.Throws<LvmCommandException>(() =>
            runner.RunTool("thinpool-no-such-tool-xyz", false));

        Assert.Equal(-1, ex.ExitCode);
    }

    [Fact]
    public void RunsARealProgramAndCapturesBothStreams()
    {
        var result = SystemProcessRunner.Instance.Run("sh", ["-c", "echo out; echo err >&2; exit 3"],
            new Dictionary<string, string>());

        Assert.Equal(new ProcessResult(3, "out\n", "err\n"), result);
    }

    [Fact]
    public void ReportsQueriesAndChangesApart()
    {
        var sink = new RecordingSink();
        var runner = new LvmCommandRunner(new FakeLvm(), sink);

        runner.RunLvm("lvs", "-a");
        runner.RunLvm("lvchange", "--monitor", "y", "vg/lv");

        Assert.Equal(("lvs -a", "lvchange --monitor y vg/lv"),
            (string.Join('|', sink.Queries), string.Join('|', sink.Changes)));
    }

    [Fact]
    public void RoutesReportsThroughDelegates()
    {
        var seen = new List<string>();
        var sink = new DelegateLvmSink(m => seen.Add("c:" + m), m => seen.Add("q:" + m),
            m => seen.Add("w:" + m));
        var runner = new LvmCommandRunner(new FakeLvm(), sink);

        runner.RunLvm("vgs");
        runner.RunLvm("vgremove", "vg");
        sink.Warned("x");

        Assert.Equal("q:vgs|c:vgremove vg|w:x", string.Join('|', seen));
    }
}
