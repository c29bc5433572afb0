namespace ThinPool.Engine.Metadata;

/// <summary>
/// The result of <see cref="MetadataChecker.Check"/>: every finding plus a few figures read
/// while checking. A report is clean when it has neither fatal nor non-fatal findings;
/// warnings about hint fields do not make it dirty.
/// </summary>
public sealed class CheckReport
{
    internal CheckReport(IReadOnlyList<CheckFinding> findings, int findingsLeftOut)
    {
        Findings = findings;
        FindingsLeftOut = findingsLeftOut;
    }

    /// <summary>Findings in the order they were found (capped; see <see cref="FindingsLeftOut"/>).</summary>
    public IReadOnlyList<CheckFinding> Findings { get; }

    /// <summary>How many further findings were dropped to keep the report small.</summary>
    public int FindingsLeftOut { get; }

    /// <summary>True when there is no fatal and no non-fatal finding.</summary>
    public bool IsClean => !Findings.Any(f => f.Severity != CheckSeverity.Warning)
        && FindingsLeftOut == 0;

    /// <summary>True when at least one finding is fatal.</summary>
    public bool HasFatal => Findings.Any(f => f.Severity == CheckSeverity.Fatal);

    /// <summary>True when the held metadata snapshot was checked instead of the live trees.</summary>
    public bool MetadataSnapshot { get; init; }

    /// <summary>The superblock's transaction id (0 when the superblock is unreadable).</summary>
    public ulong TransactionId { get; init; }

    /// <summary>Metadata blocks described by the metadata space map.</summary>
    public ulong MetadataBlockCount { get; init; }

    /// <summary>Metadata blocks found referenced by the walk.</summary>
    public ulong MetadataBlocksReferenced { get; init; }

    /// <summary>Data blocks described by the data space map.</summary>
    public ulong DataBlockCount { get; init; }

    /// <summary>Data blocks found referenced by at least one mapping.</summary>
    public ulong DataBlocksReferenced { get; init; }

    /// <summary>Thin devices found in the checked top-level mapping tree.</summary>
    public int DeviceCount { get; init; }

    /// <summary>Leaf entries found in the distinct bottom-tree leaves that were walked.</summary>
    public ulong MappingCount { get; init; }

    /// <summary>All findings, one per line.</summary>
    public override string ToString()
    {
        var lines = Findings.Select(f => f.ToString()).ToList();
        if (FindingsLeftOut > 0)
        {
            lines.Add($"... and {FindingsLeftOut} more findings");
        }

        return lines.Count == 0 ? "clean" : string.Join(Environment.NewLine, lines);
    }
}
