namespace ThinPool.Engine.Tests.Reliability;

/// <summary>What survives of the writes that were not yet flushed when the power went.</summary>
public enum CrashModel
{
    /// <summary>Every unflushed write is lost; only the write in progress lands, torn.</summary>
    DropUnflushed,

    /// <summary>Each unflushed write independently lands or not (a disk cache that reorders),
    /// and the write in progress lands torn.</summary>
    KeepRandomSubset,
}

/// <summary>
/// The power supply shared by the devices of one pool (metadata and data lose power together).
/// It numbers every write across them and cuts the power at write <see cref="CutAtWrite"/>:
/// that write lands torn (a random whole-sector prefix), and every later I/O throws
/// <see cref="PowerLossException"/>.
/// </summary>
public sealed class PowerRail
{
    private readonly Random _random;

    public PowerRail(long cutAtWrite, CrashModel model, Random random)
    {
        CutAtWrite = cutAtWrite;
        Model = model;
        _random = random;
    }

    /// <summary>A rail that never cuts (dry runs that count the writes of a workload).</summary>
    public static PowerRail AlwaysOn() => new(long.MaxValue, CrashModel.DropUnflushed, new Random(0));

    public long CutAtWrite { get; }

    public CrashModel Model { get; }

    /// <summary>Writes issued so far, the cut one included.</summary>
    public long Writes { get; private set; }

    /// <summary>Flushes issued so far (on any device).</summary>
    public long Flushes { get; private set; }

    /// <summary>True once the cut has happened.</summary>
    public bool IsDown { get; private set; }

    internal Random Random => _random;

    /// <summary>Throws when the power is already down.</summary>
    internal void EnsureUp()
    {
        if (IsDown)
        {
            throw new PowerLossException(CutAtWrite);
        }
    }

    /// <summary>Counts one write; true when this is the write the power fails in.</summary>
    internal bool CountWrite()
    {
        EnsureUp();
        Writes++;
        if (Writes >= CutAtWrite)
        {
            IsDown = true;
            return true;
        }

        return false;
    }

    internal void CountFlush()
    {
        EnsureUp();
        Flushes++;
    }
}
