using ThinPool.Engine.Data;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Tests.Reliability;

/// <summary>The outcome of one crash case; <see cref="Failures"/> is empty when it passed.</summary>
public sealed record CrashResult(int Seed, CrashModel Model, long Writes, long CutAt, bool CutInCommit,
    ulong RecoveredTransaction, bool RecoveredInterruptedCommit, int BlocksVerified,
    bool ExternalChecked, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;

    public override string ToString() =>
        $"seed {Seed} ({Model}): cut at write {CutAt} of {Writes}"
        + (CutInCommit ? " inside a commit" : "") + $", recovered transaction {RecoveredTransaction}, "
        + $"{BlocksVerified} blocks verified"
        + (Passed ? "" : ":\n  " + string.Join("\n  ", Failures));
}

/// <summary>
/// One crash-consistency case: a random workload (<see cref="CrashWorkload"/>) on a pool whose
/// metadata and data devices share a <see cref="PowerRail"/>, cut at a random write; then the
/// pool is reopened from what survived and compared with the model of the last commit (or of
/// the commit the cut interrupted, if that one reached the disk).
/// </summary>
public static class CrashCase
{
    private static readonly Lazy<byte[]> FreshMetadata = new(() =>
    {
        var device = new MemoryBlockDevice(CrashWorkload.MetadataBytes);
        ThinMetadata.Format(device, CrashWorkload.BlockSectors, CrashWorkload.InitialDataBlocks).Dispose();
        return device.ToArray();
    });

    /// <summary>Runs case <paramref name="seed"/>; external tools run when
    /// <paramref name="external"/> is true (and are installed).</summary>
    /// <param name="seed">Chooses the workload, the cut and what survives it.</param>
    /// <param name="external">Also run thin_check and the inspector on the recovered image.</param>
    /// <param name="tamper">Changes the surviving metadata and data images before they are
    /// reopened (lets a test prove the verifier notices damage).</param>
    public static CrashResult Run(int seed, bool external, Action<byte[], byte[]>? tamper = null)
    {
        var random = new Random(unchecked(seed * 7919 + 17));
        var model = seed % 2 == 0 ? CrashModel.DropUnflushed : CrashModel.KeepRandomSubset;
        long writes = Execute(seed, PowerRail.AlwaysOn(), out _, out _, out string? dry).Rail.Writes;
        if (dry is not null)
        {
            return new CrashResult(seed, model, writes, 0, false, 0, false, 0, false, new[] { dry });
        }

        long cut = random.NextInt64(1, writes + 1);
        var rail = new PowerRail(cut, model, random);
        var (_, metadataDevice, dataDevice) = Execute(seed, rail, out var workload, out bool cutInCommit,
                                                      out string? early);
        var failures = new List<string>();
        if (early is not null)
        {
            failures.Add(early);
        }

        if (!rail.IsDown)
        {
            // The cut fell after the last write: power goes when the workload ends.
            metadataDevice.PowerLostElsewhere();
            dataDevice.PowerLostElsewhere();
        }

        tamper?.Invoke(metadataDevice.DurableImage, dataDevice.DurableImage);
        var verifier = new CrashVerifier(workload, cutInCommit, metadataDevice.DurableImage,
                                         dataDevice.DurableImage, external);
        verifier.Verify(failures);
        return new CrashResult(seed, model, writes, cut, cutInCommit, verifier.RecoveredTransaction,
                               verifier.RecoveredInterruptedCommit, verifier.BlocksVerified,
                               verifier.ExternalChecked, failures);
    }

    private static (PowerRail Rail, FaultInjectingBlockDevice Metadata, FaultInjectingBlockDevice Data)
        Execute(int seed, PowerRail rail, out CrashWorkload workload, out bool cutInCommit,
                out string? failure)
    {
        var metadataDevice = new FaultInjectingBlockDevice((byte[])FreshMetadata.Value.Clone(), rail);
        var dataDevice = new FaultInjectingBlockDevice(
            new byte[CrashWorkload.DataCapacityBlocks * CrashWorkload.BlockBytes], rail);
        var metadata = ThinMetadata.Open(metadataDevice);
        var store = new ThinDataStore(metadata, dataDevice);
        workload = new CrashWorkload(seed, metadata, store);
        cutInCommit = false;
        failure = null;
        try
        {
            workload.Run();
        }
        catch (PowerLossException)
        {
            cutInCommit = workload.Committing is not null;
            metadataDevice.PowerLostElsewhere();
            dataDevice.PowerLostElsewhere();
        }
        catch (Exception e) when (!rail.IsDown)
        {
            failure = $"the workload failed before the cut: {e.GetType().Name}: {e.Message}";
        }

        return (rail, metadataDevice, dataDevice);
    }
}
