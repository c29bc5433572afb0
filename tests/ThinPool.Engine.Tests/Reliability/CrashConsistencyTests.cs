using Xunit;
using Xunit.Abstractions;

namespace ThinPool.Engine.Tests.Reliability;

public class CrashConsistencyTests
{
    private readonly ITestOutputHelper _output;

    public CrashConsistencyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>Cases run here; bench/reliability runs 1,000 (THINPOOL_CRASH_CASES overrides).</summary>
    private static int CaseCount =>
        int.TryParse(Environment.GetEnvironmentVariable("THINPOOL_CRASH_CASES"), out int n) ? n : 40;

    [Fact]
    public void RandomWorkloadsCutAtARandomWriteRecoverTheLastCommitWithTheirData()
    {
        var failed = new List<CrashResult>();
        int external = 0;
        int blocks = 0;
        for (int seed = 1; seed <= CaseCount; seed++)
        {
            var result = CrashCase.Run(seed, external: seed % 10 == 1);
            external += result.ExternalChecked ? 1 : 0;
            blocks += result.BlocksVerified;
            if (!result.Passed)
            {
                failed.Add(result);
            }
        }

        _output.WriteLine($"{CaseCount} cases, {blocks} blocks verified, {external} checked by "
                          + $"thin_check and the inspector, {failed.Count} failed");
        Assert.True(failed.Count == 0, string.Join("\n", failed.Take(5)));
    }

    [Fact]
    public void CutsInsideACommitAreCoveredBySomeCases()
    {
        // Guards the harness: without cuts inside commits the interesting window goes untested.
        var results = Enumerable.Range(1, 30).Select(seed => CrashCase.Run(seed, external: false)).ToList();

        Assert.Contains(results, r => r.CutInCommit);
    }

    [Fact]
    public void TheVerifierReportsDataThatChangedUnderACommittedBlock()
    {
        // Find a case that recovers committed data, then damage one data sector of it.
        for (int seed = 1; seed <= 50; seed++)
        {
            if (CrashCase.Run(seed, external: false).BlocksVerified == 0)
            {
                continue;
            }

            var damaged = CrashCase.Run(seed, external: false, tamper: (_, data) =>
            {
                for (int i = 0; i < data.Length; i += 512)
                {
                    data[i] ^= 0x5A;
                }
            });

            Assert.Contains(damaged.Failures, f => f.Contains("data lost", StringComparison.Ordinal));
            return;
        }

        Assert.Fail("No case recovered committed data.");
    }

    [Fact]
    public void TheVerifierReportsAMetadataImageThatLostItsSuperblock()
    {
        var result = CrashCase.Run(3, external: false, tamper: (metadata, _) => Array.Clear(metadata, 0, 4096));

        Assert.Contains(result.Failures, f => f.StartsWith("reopen failed", StringComparison.Ordinal));
    }
}
