using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Pool;

/// <summary>
/// The result of a full pool check: the metadata checker's findings (checksums, trees, every
/// reference count) plus the pool layer's own (names that point at missing devices, devices
/// no name points at).
/// </summary>
public sealed class ThinCheckReport
{
    internal ThinCheckReport(string pool, string metadataFile, CheckReport metadata,
        IReadOnlyList<CheckFinding> poolFindings)
    {
        Pool = pool;
        MetadataFile = metadataFile;
        MetadataReport = metadata;
        Findings = metadata.Findings.Concat(poolFindings).ToArray();
        TransactionId = metadata.TransactionId;
        DeviceCount = metadata.DeviceCount;
        MappingCount = metadata.MappingCount;
        DataBlocksReferenced = metadata.DataBlocksReferenced;
        MetadataBlocksReferenced = metadata.MetadataBlocksReferenced;
    }

    /// <summary>The pool name.</summary>
    public string Pool { get; }

    /// <summary>The metadata file checked.</summary>
    public string MetadataFile { get; }

    /// <summary>True when no finding is worse than a warning.</summary>
    public bool IsClean => Findings.All(f => f.Severity == CheckSeverity.Warning);

    /// <summary>Findings that make the pool unusable or risk data.</summary>
    public int FatalCount => Findings.Count(f => f.Severity == CheckSeverity.Fatal);

    /// <summary>Findings that waste space but risk nothing.</summary>
    public int NonFatalCount => Findings.Count(f => f.Severity == CheckSeverity.NonFatal);

    /// <summary>Hints that are off.</summary>
    public int WarningCount => Findings.Count(f => f.Severity == CheckSeverity.Warning);

    /// <summary>Every finding, metadata first.</summary>
    public IReadOnlyList<CheckFinding> Findings { get; }

    /// <summary>The metadata's transaction id.</summary>
    public ulong TransactionId { get; }

    /// <summary>Thin devices in the metadata.</summary>
    public int DeviceCount { get; }

    /// <summary>Block mappings across all devices.</summary>
    public ulong MappingCount { get; }

    /// <summary>Data blocks referenced by some mapping.</summary>
    public ulong DataBlocksReferenced { get; }

    /// <summary>Metadata blocks referenced.</summary>
    public ulong MetadataBlocksReferenced { get; }

    /// <summary>The metadata checker's own report.</summary>
    public CheckReport MetadataReport { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Pool}: " + (IsClean ? "clean" : $"{FatalCount} fatal, "
        + $"{NonFatalCount} non-fatal");
}
