namespace ThinPool.Engine.Pool;

/// <summary>
/// The pool directory's description of itself (<c>pool.json</c>): settings the metadata does
/// not hold, and the volume names. <see cref="TransactionId"/> is the metadata transaction id
/// this record describes; see <see cref="PoolDescriptorStore"/> for how the two stay in step.
/// </summary>
internal sealed class PoolDescriptor
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public string Name { get; set; } = "";

    public PoolMode Mode { get; set; } = PoolMode.Offline;

    public long BlockBytes { get; set; }

    public string DataFile { get; set; } = "data";

    public string MetadataFile { get; set; } = "metadata";

    public ulong LowWaterMarkBlocks { get; set; }

    public WhenFullAction WhenFull { get; set; } = WhenFullAction.Queue;

    public double MinFreeSpacePercent { get; set; } = 10;

    public double WarningThresholdPercent { get; set; } = 80;

    public DateTimeOffset Created { get; set; }

    /// <summary>Zero each new data block before first use (the kernel's default; off here, as
    /// Docker sets it, because a filesystem never reads blocks it has not written).</summary>
    public bool ZeroNewBlocks { get; set; }

    /// <summary>Pass discards down to the data device.</summary>
    public bool DiscardPassdown { get; set; } = true;

    /// <summary>Volumes whose names are gone but whose deletion waits for their last
    /// opener (a deferred Remove-ThinVolume); deleted by the next change to the live pool.</summary>
    public List<VolumeRecord> PendingDeletes { get; set; } = new();

    public ulong TransactionId { get; set; }

    public List<VolumeRecord> Volumes { get; set; } = new();

    /// <summary>LVM mode: the volume group of the pool LV.</summary>
    public string? VolumeGroup { get; set; }

    /// <summary>LVM mode: the thin pool LV.</summary>
    public string? LogicalVolume { get; set; }

    /// <summary>The pool's device-mapper name where it is not <see cref="Name"/> (lvm names
    /// an LVM pool's device <c>VG-LV</c>); null otherwise.</summary>
    public string? KernelName { get; set; }

    /// <summary>The pool's device-mapper name, and the prefix of its volumes' names.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string DeviceMapperName => KernelName ?? Name;

    /// <summary>Whether the data and metadata are block devices named by absolute paths
    /// (direct and LVM modes), not files in the pool directory.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool OnDevices => Mode is PoolMode.Direct or PoolMode.Lvm;

    public VolumeRecord? FindVolume(string name) =>
        Volumes.Find(v => string.Equals(v.Name, name, StringComparison.Ordinal));

    public PoolDescriptor Clone()
    {
        var copy = (PoolDescriptor)MemberwiseClone();
        copy.Volumes = Volumes.ConvertAll(v => v.Clone());
        copy.PendingDeletes = PendingDeletes.ConvertAll(v => v.Clone());
        return copy;
    }
}
