using ThinPool.Engine.Data;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Tests.Reliability;

/// <summary>How one corruption case ended.</summary>
public enum CorruptionOutcome
{
    /// <summary>Every operation succeeded (the damage was harmless or out of reach).</summary>
    Succeeded,

    /// <summary>An operation failed with <see cref="MetadataCorruptException"/> naming a block
    /// of the device, and nothing was written.</summary>
    Detected,

    /// <summary>An operation was refused with a typed <see cref="ThinOperationException"/>
    /// (say, unknown read-only feature flags), and nothing was written.</summary>
    Refused,

    /// <summary>Anything else: an untyped exception, a hang, a write to a pool found damaged,
    /// or a checker that threw.</summary>
    Failed,
}

/// <summary>The result of one corruption case.</summary>
public sealed record CorruptionResult(int Seed, DamageKind Kind, string What, CorruptionOutcome Outcome,
    bool FlaggedByCheck, string Detail)
{
    public override string ToString() => $"seed {Seed}: {What}: {Outcome} {Detail}";
}

/// <summary>
/// One corruption case: a committed pool's metadata image damaged one way (see
/// <see cref="Damage"/>), then opened and worked: every mapping and mapped block read, the
/// full check, and a new volume written and committed. Each step must succeed or throw
/// <see cref="MetadataCorruptException"/> naming a block (or, for damage that reads as a
/// valid but unusable setting, a <see cref="ThinOperationException"/>); after a failure the image must be
/// exactly as damaged (nothing written); a case that runs past its time limit is a hang.
/// </summary>
public static class CorruptionCase
{
    private const int BasePools = 6;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(20);
    private static readonly Lazy<(byte[] Metadata, byte[] Data, ulong[] Used)[]> Bases =
        new(() => Enumerable.Range(1, BasePools).Select(BuildBase).ToArray());

    public static CorruptionResult Run(int seed, DamageKind kind)
    {
        var random = new Random(unchecked(seed * 4099 + (int)kind));
        var (metadata, data, used) = Bases.Value[seed % BasePools];
        var (image, what) = Damage.Apply(metadata, used, kind, random);
        var work = Task.Run(() => Exercise(image, data));
        if (!work.Wait(TimeLimit))
        {
            return new CorruptionResult(seed, kind, what, CorruptionOutcome.Failed, false,
                                        $"hang: no answer in {TimeLimit.TotalSeconds} s");
        }

        var (outcome, flagged, detail) = work.Result;
        return new CorruptionResult(seed, kind, what, outcome, flagged, detail);
    }

    private static (CorruptionOutcome, bool, string) Exercise(byte[] image, byte[] dataImage)
    {
        var device = new MemoryBlockDevice(image.Length);
        device.Write(0, image);
        var data = new MemoryBlockDevice(dataImage.Length);
        data.Write(0, dataImage);
        bool flagged;
        try
        {
            flagged = !MetadataChecker.Check(device).IsClean;
        }
        catch (Exception e)
        {
            return (CorruptionOutcome.Failed, false, $"the full check threw {e.GetType().Name}: {e.Message}");
        }

        string step = "open";
        try
        {
            var metadata = ThinMetadata.Open(device);
            using var store = new ThinDataStore(metadata, data);
            step = "read";
            var buffer = new byte[store.BlockBytes];
            foreach (var info in metadata.Devices)
            {
                foreach (var mapping in metadata.GetMappings(info.DeviceId).ToList())
                {
                    store.ReadBlock(info.DeviceId, mapping.VirtualBlock, buffer);
                }
            }

            step = "write and commit";
            ulong id = metadata.Devices.Select(d => d.DeviceId).DefaultIfEmpty(0UL).Max() + 1;
            metadata.CreateThin(id);
            store.WriteBlock(id, 0, buffer);
            metadata.SetTransactionId(metadata.TransactionId, metadata.TransactionId + 1);
            store.Commit();
            return (CorruptionOutcome.Succeeded, flagged, "");
        }
        catch (MetadataCorruptException e)
        {
            // The block named is the damaged one, or (for a damaged pointer) where it points.
            if (!device.ToArray().AsSpan().SequenceEqual(image))
            {
                return (CorruptionOutcome.Failed, flagged,
                        $"{step} failed ({e.Message}) but the damaged image was written to");
            }

            return (CorruptionOutcome.Detected, flagged, $"{step}: block {e.Block}: {e.What}");
        }
        catch (ThinOperationException e)
        {
            if (!device.ToArray().AsSpan().SequenceEqual(image))
            {
                return (CorruptionOutcome.Failed, flagged,
                        $"{step} was refused ({e.Message}) but the damaged image was written to");
            }

            return (CorruptionOutcome.Refused, flagged, $"{step}: {e.GetType().Name}: {e.Message}");
        }
        catch (Exception e)
        {
            string where = e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
            return (CorruptionOutcome.Failed, flagged, $"{step} threw {e.GetType().Name}: {e.Message} {where}");
        }
    }

    private static (byte[], byte[], ulong[]) BuildBase(int seed)
    {
        var rail = PowerRail.AlwaysOn();
        var metadataDevice = new FaultInjectingBlockDevice(new byte[CrashWorkload.MetadataBytes], rail);
        var dataDevice = new FaultInjectingBlockDevice(
            new byte[CrashWorkload.DataCapacityBlocks * CrashWorkload.BlockBytes], rail);
        var metadata = ThinMetadata.Format(metadataDevice, CrashWorkload.BlockSectors,
                                           CrashWorkload.InitialDataBlocks);
        var store = new ThinDataStore(metadata, dataDevice);
        new CrashWorkload(seed * 31, metadata, store).Run();
        metadata.SetTransactionId(metadata.TransactionId, metadata.TransactionId + 1);
        store.Commit();
        byte[] image = metadataDevice.DurableImage;
        return (image, dataDevice.DurableImage, UsedBlocks(image));
    }

    /// <summary>Blocks the committed metadata references: by the inspector when it is
    /// installed, else every block that is not all zeros.</summary>
    private static ulong[] UsedBlocks(byte[] image)
    {
        var used = ExternalOracles.ReferencedBlocks(image);
        if (used is not null && used.Count > 0)
        {
            return used.ToArray();
        }

        return Enumerable.Range(0, image.Length / 4096)
            .Where(b => image.AsSpan(b * 4096, 4096).ContainsAnyExcept((byte)0))
            .Select(b => (ulong)b)
            .ToArray();
    }
}
