using ThinPool.Engine.Data;
using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Tests.Reliability;

/// <summary>
/// A random sequence of pool operations (create, snapshot, delete, write, discard, resize,
/// commit) applied to the engine and to a <see cref="PoolModel"/> side by side. The sequence
/// depends only on the seed and the engine's answers, so a dry run and a run with a power cut
/// issue the same writes up to the cut.
/// </summary>
public sealed class CrashWorkload
{
    public const int BlockBytes = 64 * 1024;
    public const uint BlockSectors = BlockBytes / 512;
    public const ulong InitialDataBlocks = 96;
    public const ulong DataCapacityBlocks = 160;
    public const long MetadataBytes = 2L * 1024 * 1024;
    private const ulong VirtualBlocks = 24;
    private const int MaxDevices = 8;

    private readonly Random _random;
    private readonly ThinMetadata _metadata;
    private readonly ThinDataStore _store;
    private ulong _nextId = 1;

    public CrashWorkload(int seed, ThinMetadata metadata, ThinDataStore store)
    {
        _random = new Random(seed);
        _metadata = metadata;
        _store = store;
        Current = new PoolModel(BlockBytes) { TransactionId = metadata.TransactionId };
        Committed = Current.Clone();
        Operations = 10 + _random.Next(40);
    }

    /// <summary>The model including uncommitted changes.</summary>
    public PoolModel Current { get; private set; }

    /// <summary>The model as of the last successful commit.</summary>
    public PoolModel Committed { get; private set; }

    /// <summary>The model the commit in progress would make durable (set while committing).</summary>
    public PoolModel? Committing { get; private set; }

    /// <summary>
    /// Data blocks of the committed state written in place since (a crash may leave any of
    /// these versions, sector by sector): data block → versions written.
    /// </summary>
    public Dictionary<ulong, List<byte[]>> InPlaceVersions { get; } = new();

    /// <summary>Committed mappings by data block: data block → (device, virtual block).</summary>
    public Dictionary<ulong, List<(ulong Device, ulong Block)>> CommittedOwners { get; } = new();

    public int Operations { get; }

    public int OperationsDone { get; private set; }

    public int Commits { get; private set; }

    /// <summary>Runs every operation (a <see cref="PowerLossException"/> ends it early).</summary>
    public void Run()
    {
        for (int i = 0; i < Operations; i++)
        {
            Step();
            OperationsDone++;
        }

        // End on a commit half of the time, so some cuts fall after a clean close.
        if (_random.Next(2) == 0)
        {
            Commit();
        }
    }

    private void Step()
    {
        int roll = _random.Next(100);
        var ids = Current.DeviceIds.ToList();
        if (ids.Count == 0 || (roll < 10 && ids.Count < MaxDevices))
        {
            ulong id = _nextId++;
            _metadata.CreateThin(id);
            Current.CreateThin(id);
        }
        else if (roll < 18 && ids.Count < MaxDevices)
        {
            ulong id = _nextId++;
            ulong origin = ids[_random.Next(ids.Count)];
            _metadata.CreateSnapshot(id, origin);
            Current.CreateSnapshot(id, origin);
        }
        else if (roll < 24 && ids.Count > 1)
        {
            ulong id = ids[_random.Next(ids.Count)];
            _metadata.DeleteDevice(id);
            Current.Delete(id);
        }
        else if (roll < 32)
        {
            ulong id = ids[_random.Next(ids.Count)];
            ulong first = (ulong)_random.Next((int)VirtualBlocks);
            ulong count = (ulong)_random.Next(1, 4);
            _store.Discard(id, first, count);
            Current.Discard(id, first, count);
        }
        else if (roll < 36)
        {
            ulong grown = Math.Min(DataCapacityBlocks, _metadata.DataBlockCount + 16);
            _metadata.ResizeData(grown);
        }
        else if (roll < 52)
        {
            Commit();
        }
        else
        {
            Write(ids[_random.Next(ids.Count)]);
        }
    }

    private void Write(ulong id)
    {
        ulong first = (ulong)_random.Next((int)VirtualBlocks - 3);
        int blocks = _random.Next(1, 4);
        if (_metadata.DataBlocksUsed + (ulong)blocks + 1 > _metadata.DataBlockCount)
        {
            // Keep clear of a full pool: an out-of-space write is another test's subject.
            return;
        }

        long offset;
        int length;
        if (_random.Next(3) == 0)
        {
            offset = (long)first * BlockBytes + _random.Next(BlockBytes);
            length = 1 + _random.Next(BlockBytes * blocks - (int)(offset % BlockBytes));
        }
        else
        {
            offset = (long)first * BlockBytes;
            length = blocks * BlockBytes;
        }

        var bytes = new byte[length];
        _random.NextBytes(bytes);
        ulong last = (ulong)((offset + length - 1) / BlockBytes);
        var before = new Dictionary<ulong, ulong>();
        for (ulong b = first; b <= last; b++)
        {
            if (_metadata.TryLookup(id, b, out var m))
            {
                before[b] = m.DataBlock;
            }
        }

        // Record the in-place versions before the write, so a cut inside it is covered.
        Current.Write(id, offset, bytes);
        for (ulong b = first; b <= last; b++)
        {
            if (before.TryGetValue(b, out ulong data) && CommittedOwners.ContainsKey(data))
            {
                AddVersion(data, Current.Blocks(id)[b]);
            }
        }

        _store.Write(id, offset, bytes);
        for (ulong b = first; b <= last; b++)
        {
            if (!_metadata.TryLookup(id, b, out var after))
            {
                throw new InvalidOperationException($"Block {b} of device {id} unmapped after a write.");
            }

            if (!before.TryGetValue(b, out ulong old) || old != after.DataBlock)
            {
                // Not written in place after all (copy-on-write or a new block): the committed
                // block keeps its bytes, so drop the version recorded for it.
                if (before.TryGetValue(b, out old) && InPlaceVersions.TryGetValue(old, out var list))
                {
                    list.RemoveAt(list.Count - 1);
                }
            }
        }
    }

    private void AddVersion(ulong dataBlock, byte[] content)
    {
        if (!InPlaceVersions.TryGetValue(dataBlock, out var list))
        {
            list = new List<byte[]>();
            InPlaceVersions.Add(dataBlock, list);
        }

        list.Add(content);
    }

    private void Commit()
    {
        ulong next = Current.TransactionId + 1;
        _metadata.SetTransactionId(Current.TransactionId, next);
        Current.TransactionId = next;
        Committing = Current.Clone();
        _store.Commit();
        Committed = Committing;
        Committing = null;
        Commits++;
        InPlaceVersions.Clear();
        CommittedOwners.Clear();
        foreach (var device in _metadata.Devices)
        {
            foreach (var m in _metadata.GetMappings(device.DeviceId))
            {
                if (!CommittedOwners.TryGetValue(m.DataBlock, out var owners))
                {
                    owners = new List<(ulong, ulong)>();
                    CommittedOwners.Add(m.DataBlock, owners);
                }

                owners.Add((device.DeviceId, m.VirtualBlock));
            }
        }
    }
}
