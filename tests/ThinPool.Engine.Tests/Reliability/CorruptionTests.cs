using ThinPool.Engine.Metadata;
using ThinPool.Engine.IO;
using Xunit;
using Xunit.Abstractions;

namespace ThinPool.Engine.Tests.Reliability;

public class CorruptionTests
{
    private readonly ITestOutputHelper _output;

    public CorruptionTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>Cases per kind here; bench/reliability runs 10,000 in all.</summary>
    private static int CaseCount =>
        int.TryParse(Environment.GetEnvironmentVariable("THINPOOL_CORRUPTION_CASES"), out int n) ? n : 60;

    [Theory]
    [InlineData(DamageKind.BitFlip)]
    [InlineData(DamageKind.Truncation)]
    [InlineData(DamageKind.ResealedFlip)]
    public void DamagedMetadataEitherWorksOrFailsWithTheBlockNamedAndIsNotWritten(DamageKind kind)
    {
        var results = Enumerable.Range(1, CaseCount).Select(seed => CorruptionCase.Run(seed, kind)).ToList();

        var failed = results.Where(r => r.Outcome == CorruptionOutcome.Failed).ToList();
        _output.WriteLine($"{kind}: {results.Count} cases, "
                          + $"{results.Count(r => r.Outcome == CorruptionOutcome.Detected)} detected, "
                          + $"{results.Count(r => r.Outcome == CorruptionOutcome.Refused)} refused, "
                          + $"{results.Count(r => r.Outcome == CorruptionOutcome.Succeeded)} harmless, "
                          + $"{failed.Count} failed");
        Assert.True(failed.Count == 0, string.Join("\n", failed.Take(5)));
    }

    [Fact]
    public void BitFlipsInBlocksInUseAreMostlyDetected()
    {
        // Guards the harness: flips that never reach a block in use would prove nothing.
        var results = Enumerable.Range(1, 30).Select(seed => CorruptionCase.Run(seed, DamageKind.BitFlip));

        Assert.True(results.Count(r => r.Outcome == CorruptionOutcome.Detected) >= 15);
    }

    [Fact]
    public void ResealingGivesTheChecksumTheEngineComputes()
    {
        var device = new MemoryBlockDevice(1 << 20);
        ThinMetadata.Format(device, 128, 16).Dispose();
        var block0 = device.ToArray()[..4096];

        Assert.Equal(BitConverter.ToUInt32(block0, 0), Damage.Checksum(block0, 160774));
    }
}
