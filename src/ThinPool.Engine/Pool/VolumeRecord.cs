namespace ThinPool.Engine.Pool;

/// <summary>One volume's entry in the pool descriptor: its name and what the metadata cannot
/// hold (size, origin, flags).</summary>
internal sealed class VolumeRecord
{
    public string Name { get; set; } = "";

    public ulong DeviceId { get; set; }

    public long SizeBytes { get; set; }

    public string? Origin { get; set; }

    public bool ReadOnly { get; set; }

    public string? Filesystem { get; set; }

    public DateTimeOffset Created { get; set; }

    public VolumeRecord Clone() => (VolumeRecord)MemberwiseClone();
}
