namespace ThinPool.Engine.Kernel.Status;

/// <summary>A thin target's table line: a thin volume or snapshot in a pool.</summary>
/// <remarks>
/// Grammar of the parameters (after <c>start length thin</c>):
/// <code>
/// params := pooldev SP devid [SP origin]
/// pooldev:= path | major ":" minor
/// devid  := uint32 below 2^24          the thin device id in the pool metadata
/// origin := path | major ":" minor     an optional read-only external origin
/// </code>
/// </remarks>
/// <param name="LengthSectors">The volume size in sectors.</param>
/// <param name="PoolDevice">The pool device, a path or major:minor.</param>
/// <param name="DeviceId">The thin device id.</param>
/// <param name="ExternalOrigin">The external origin device, or null.</param>
public sealed record ThinTable(ulong LengthSectors, string PoolDevice, ulong DeviceId,
    string? ExternalOrigin = null)
{
    /// <summary>The target type name.</summary>
    public const string TargetType = "thin";

    /// <summary>The largest thin device id (24 bits).</summary>
    public const ulong MaxDeviceId = (1UL << 24) - 1;

    private const string What = "thin table";

    /// <summary>The line's parameters.</summary>
    /// <exception cref="ArgumentException">A value the kernel would refuse.</exception>
    public string FormatParameters()
    {
        if (DeviceId > MaxDeviceId)
        {
            throw new ArgumentException($"Thin device id {DeviceId} exceeds {MaxDeviceId}.");
        }

        if (string.IsNullOrWhiteSpace(PoolDevice) || PoolDevice.Contains(' ')
            || (ExternalOrigin is not null && ExternalOrigin.Contains(' ')))
        {
            throw new ArgumentException("Pool and origin devices must be paths without spaces.");
        }

        return ExternalOrigin is null ? $"{PoolDevice} {DeviceId}"
            : $"{PoolDevice} {DeviceId} {ExternalOrigin}";
    }

    /// <summary>The table line to load.</summary>
    public DmTarget ToTarget() => new(0, LengthSectors, TargetType, FormatParameters());

    /// <summary>Parses a table line the kernel reported for a thin target.</summary>
    /// <param name="target">The line.</param>
    /// <exception cref="StatusParseException">Not a thin line, or a field is malformed.</exception>
    public static ThinTable Parse(DmTarget target)
    {
        if (target.TargetType != TargetType)
        {
            throw new StatusParseException(What, "target type", target.ToString(),
                $"'{target.TargetType}' is not {TargetType}");
        }

        string[] f = target.Parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 2 || f.Length > 3)
        {
            throw new StatusParseException(What, f.Length < 2 ? (f.Length == 0 ? "pool device"
                : "device id") : "external origin", target.Parameters,
                f.Length < 2 ? "missing" : "too many fields");
        }

        ulong id = ThinPoolTargetStatus.Number(f[1], "device id", target.Parameters, What);
        return id > MaxDeviceId
            ? throw new StatusParseException(What, "device id", target.Parameters, "exceeds 2^24-1")
            : new ThinTable(target.LengthSectors, f[0], id, f.Length == 3 ? f[2] : null);
    }
}
