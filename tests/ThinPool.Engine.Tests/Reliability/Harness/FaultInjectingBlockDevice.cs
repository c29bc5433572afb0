using ThinPool.Engine.IO;

namespace ThinPool.Engine.Tests.Reliability;

/// <summary>
/// A block device with a volatile write cache and a power switch. Reads see every completed
/// write; only <see cref="Flush"/> makes writes durable. When its <see cref="PowerRail"/> cuts
/// the power in the middle of a write, that write lands as a random prefix of whole 512-byte
/// sectors and the unflushed writes before it are dropped (or, under
/// <see cref="CrashModel.KeepRandomSubset"/>, each kept or dropped at random);
/// <see cref="DurableImage"/> is then what a reboot would find.
/// </summary>
/// <remarks>
/// The device is a fixed-size byte array: the harness sizes devices up front, because a file's
/// new length is itself a metadata update whose durability is the filesystem's business.
/// </remarks>
public sealed class FaultInjectingBlockDevice : IBlockDevice
{
    private const int SectorBytes = 512;

    private readonly PowerRail _rail;
    private readonly byte[] _durable;
    private readonly byte[] _current;
    private readonly List<(long Offset, byte[] Bytes)> _unflushed = new();

    public FaultInjectingBlockDevice(byte[] durableImage, PowerRail rail)
    {
        _durable = durableImage;
        _current = (byte[])durableImage.Clone();
        _rail = rail;
    }

    public long Length => _current.Length;

    public bool IsReadOnly => false;

    /// <summary>Writes that reached this device (the torn one included).</summary>
    public long WriteCount { get; private set; }

    /// <summary>The bytes that survive the power cut (or that are durable so far).</summary>
    public byte[] DurableImage => _durable;

    public void Read(long offset, Span<byte> buffer)
    {
        _rail.EnsureUp();
        CheckRange(offset, buffer.Length);
        _current.AsSpan((int)offset, buffer.Length).CopyTo(buffer);
    }

    public void Write(long offset, ReadOnlySpan<byte> buffer)
    {
        CheckRange(offset, buffer.Length);
        WriteCount++;
        if (_rail.CountWrite())
        {
            LoseUnflushed();
            LandTorn(offset, buffer);
            throw new PowerLossException(_rail.CutAtWrite);
        }

        buffer.CopyTo(_current.AsSpan((int)offset));
        _unflushed.Add((offset, buffer.ToArray()));
    }

    public void Flush()
    {
        _rail.CountFlush();
        foreach ((long offset, byte[] bytes) in _unflushed)
        {
            bytes.CopyTo(_durable, offset);
        }

        _unflushed.Clear();
    }

    /// <summary>Called on the devices that share a rail with the one whose write was cut.</summary>
    public void PowerLostElsewhere() => LoseUnflushed();

    public void SetLength(long length) =>
        throw new NotSupportedException("Fault-injecting devices have a fixed size.");

    public void Dispose()
    {
    }

    private void LoseUnflushed()
    {
        if (_rail.Model == CrashModel.KeepRandomSubset)
        {
            foreach ((long offset, byte[] bytes) in _unflushed)
            {
                if (_rail.Random.Next(2) == 0)
                {
                    bytes.CopyTo(_durable, offset);
                }
            }
        }

        _unflushed.Clear();
    }

    private void LandTorn(long offset, ReadOnlySpan<byte> buffer)
    {
        // Cut at a sector boundary (of the device, not of the buffer) inside the write.
        long end = offset + buffer.Length;
        long firstBoundary = (offset + SectorBytes - 1) / SectorBytes * SectorBytes;
        var boundaries = new List<long> { offset };
        for (long b = firstBoundary; b < end; b += SectorBytes)
        {
            if (b > offset)
            {
                boundaries.Add(b);
            }
        }

        boundaries.Add(end);
        long cut = boundaries[_rail.Random.Next(boundaries.Count)];
        buffer[..(int)(cut - offset)].CopyTo(_durable.AsSpan((int)offset));
    }

    private void CheckRange(long offset, int count)
    {
        if (offset < 0 || offset + count > _current.Length)
        {
            throw new EndOfDeviceException(offset, count, _current.Length);
        }
    }
}
