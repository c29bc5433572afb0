using ThinPool.Engine.Data;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Tests.Reliability;

/// <summary>
/// Reopens a pool from the images that survived a power cut and compares it with the model:
/// the transaction, the devices, every mapping, and the bytes of every mapped block; then runs
/// the full check (and, when asked, thin_check and the python inspector) and proves the pool
/// still takes a write and a commit.
/// </summary>
internal sealed class CrashVerifier
{
    private const int SectorBytes = 512;

    private readonly CrashWorkload _workload;
    private readonly bool _cutInCommit;
    private readonly byte[] _metadataImage;
    private readonly byte[] _dataImage;
    private readonly bool _external;

    public CrashVerifier(CrashWorkload workload, bool cutInCommit, byte[] metadataImage,
                         byte[] dataImage, bool external)
    {
        _workload = workload;
        _cutInCommit = cutInCommit;
        _metadataImage = metadataImage;
        _dataImage = dataImage;
        _external = external;
    }

    public ulong RecoveredTransaction { get; private set; }

    public bool RecoveredInterruptedCommit { get; private set; }

    public int BlocksVerified { get; private set; }

    public bool ExternalChecked { get; private set; }

    public void Verify(List<string> failures)
    {
        var metadataDevice = Load(_metadataImage);
        var dataDevice = Load(_dataImage);
        ThinMetadata metadata;
        try
        {
            metadata = ThinMetadata.Open(metadataDevice);
        }
        catch (Exception e)
        {
            failures.Add($"reopen failed: {e.GetType().Name}: {e.Message}");
            return;
        }

        RecoveredTransaction = metadata.TransactionId;
        PoolModel? expected = null;
        bool exact = false;
        if (metadata.TransactionId == _workload.Committed.TransactionId)
        {
            expected = _workload.Committed;
        }
        else if (_cutInCommit && metadata.TransactionId == _workload.Committing?.TransactionId)
        {
            expected = _workload.Committing;
            exact = true;
            RecoveredInterruptedCommit = true;
        }

        if (expected is null)
        {
            failures.Add($"recovered transaction {metadata.TransactionId}, expected "
                         + $"{_workload.Committed.TransactionId}"
                         + (_cutInCommit ? $" or {_workload.Committing?.TransactionId}" : ""));
            return;
        }

        CompareState(metadata, dataDevice, expected, exact, failures);
        CheckMetadata(metadataDevice, "after the crash", failures);
        if (_external && failures.Count == 0)
        {
            ExternalChecked = ExternalOracles.Check(metadataDevice.ToArray(), failures);
        }

        ProveUsable(metadata, metadataDevice, dataDevice, expected, failures);
    }

    private static MemoryBlockDevice Load(byte[] image)
    {
        var device = new MemoryBlockDevice(image.Length);
        device.Write(0, image);
        return device;
    }

    private static void CheckMetadata(MemoryBlockDevice device, string when, List<string> failures)
    {
        var report = MetadataChecker.Check(device);
        if (!report.IsClean)
        {
            failures.Add($"the full check {when} is not clean: "
                         + string.Join("; ", report.Findings.Take(5)));
        }
    }

    private void CompareState(ThinMetadata metadata, IBlockDevice dataDevice, PoolModel expected,
                              bool exact, List<string> failures)
    {
        var actualIds = metadata.Devices.Select(d => d.DeviceId).ToList();
        var expectedIds = expected.DeviceIds.ToList();
        if (!actualIds.SequenceEqual(expectedIds))
        {
            failures.Add($"devices [{string.Join(",", actualIds)}], expected [{string.Join(",", expectedIds)}]");
            return;
        }

        var committedBlock = new Dictionary<(ulong, ulong), ulong>();
        foreach ((ulong data, var owners) in _workload.CommittedOwners)
        {
            foreach (var owner in owners)
            {
                committedBlock[owner] = data;
            }
        }

        using var store = new ThinDataStore(metadata, dataDevice);
        var buffer = new byte[store.BlockBytes];
        foreach (var device in metadata.Devices)
        {
            var blocks = expected.Blocks(device.DeviceId);
            var mapped = metadata.GetMappings(device.DeviceId).Select(m => m.VirtualBlock).ToList();
            var wanted = blocks.Keys.OrderBy(b => b).ToList();
            if (!mapped.SequenceEqual(wanted) || device.MappedBlocks != (ulong)wanted.Count)
            {
                failures.Add($"device {device.DeviceId} maps [{string.Join(",", mapped)}] "
                             + $"(count {device.MappedBlocks}), expected [{string.Join(",", wanted)}]");
                continue;
            }

            foreach ((ulong block, byte[] content) in blocks)
            {
                store.ReadBlock(device.DeviceId, block, buffer);
                BlocksVerified++;
                List<byte[]>? versions = null;
                if (!exact && committedBlock.TryGetValue((device.DeviceId, block), out ulong data))
                {
                    _workload.InPlaceVersions.TryGetValue(data, out versions);
                }

                int bad = FirstBadSector(buffer, content, versions);
                if (bad >= 0)
                {
                    failures.Add($"device {device.DeviceId} block {block}: sector {bad} holds bytes "
                                 + "that were never committed there (data lost)");
                }
            }
        }
    }

    /// <summary>Index of the first sector matching neither the committed bytes nor any version
    /// written in place since; -1 when every sector matches one.</summary>
    private static int FirstBadSector(byte[] actual, byte[] committed, List<byte[]>? versions)
    {
        for (int s = 0; s < actual.Length / SectorBytes; s++)
        {
            var range = new Range(s * SectorBytes, (s + 1) * SectorBytes);
            if (!Matches(actual, committed, range)
                && !(versions?.Any(v => Matches(actual, v, range)) ?? false))
            {
                return s;
            }
        }

        return -1;
    }

    private static bool Matches(byte[] a, byte[] b, Range range) =>
        a.AsSpan(range).SequenceEqual(b.AsSpan(range));

    private static void ProveUsable(ThinMetadata metadata, MemoryBlockDevice metadataDevice,
        IBlockDevice dataDevice, PoolModel expected, List<string> failures)
    {
        try
        {
            ulong id = expected.DeviceIds.DefaultIfEmpty(0UL).Max() + 100;
            var bytes = new byte[CrashWorkload.BlockBytes];
            new Random((int)id).NextBytes(bytes);
            using var store = new ThinDataStore(metadata, dataDevice);
            metadata.CreateThin(id);
            store.WriteBlock(id, 0, bytes);
            metadata.SetTransactionId(metadata.TransactionId, metadata.TransactionId + 1);
            store.Commit();
            CheckMetadata(metadataDevice, "after a write on the recovered pool", failures);
            var reopened = ThinMetadata.Open(metadataDevice);
            var back = new byte[bytes.Length];
            new ThinDataStore(reopened, dataDevice).ReadBlock(id, 0, back);
            if (!back.AsSpan().SequenceEqual(bytes))
            {
                failures.Add("a block written and committed after recovery reads back wrong");
            }
        }
        catch (Exception e)
        {
            failures.Add($"the recovered pool refused a write and commit: {e.GetType().Name}: {e.Message}");
        }
    }
}
