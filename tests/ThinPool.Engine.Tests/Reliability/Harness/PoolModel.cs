namespace ThinPool.Engine.Tests.Reliability;

/// <summary>
/// What a pool should hold, kept apart from the engine: the transaction id, the thin devices
/// and the bytes of every mapped block. Block arrays are never modified once stored, so a
/// copy of the model (taken at each commit) shares them.
/// </summary>
public sealed class PoolModel
{
    private readonly SortedDictionary<ulong, Dictionary<ulong, byte[]>> _devices = new();

    public PoolModel(int blockBytes)
    {
        BlockBytes = blockBytes;
    }

    public int BlockBytes { get; }

    public ulong TransactionId { get; set; }

    public IEnumerable<ulong> DeviceIds => _devices.Keys;

    public int DeviceCount => _devices.Count;

    public bool HasDevice(ulong id) => _devices.ContainsKey(id);

    public IReadOnlyDictionary<ulong, byte[]> Blocks(ulong id) => _devices[id];

    public void CreateThin(ulong id) => _devices.Add(id, new Dictionary<ulong, byte[]>());

    public void CreateSnapshot(ulong id, ulong origin) =>
        _devices.Add(id, new Dictionary<ulong, byte[]>(_devices[origin]));

    public void Delete(ulong id) => _devices.Remove(id);

    /// <summary>Applies a write of any alignment.</summary>
    public void Write(ulong id, long offset, ReadOnlySpan<byte> bytes)
    {
        var blocks = _devices[id];
        while (!bytes.IsEmpty)
        {
            ulong block = (ulong)(offset / BlockBytes);
            int within = (int)(offset % BlockBytes);
            int n = Math.Min(bytes.Length, BlockBytes - within);
            var content = blocks.TryGetValue(block, out byte[]? old) ? (byte[])old.Clone()
                : new byte[BlockBytes];
            bytes[..n].CopyTo(content.AsSpan(within));
            blocks[block] = content;
            bytes = bytes[n..];
            offset += n;
        }
    }

    public void Discard(ulong id, ulong first, ulong count)
    {
        var blocks = _devices[id];
        for (ulong b = first; b < first + count; b++)
        {
            blocks.Remove(b);
        }
    }

    public PoolModel Clone()
    {
        var copy = new PoolModel(BlockBytes) { TransactionId = TransactionId };
        foreach ((ulong id, var blocks) in _devices)
        {
            copy._devices.Add(id, new Dictionary<ulong, byte[]>(blocks));
        }

        return copy;
    }
}
