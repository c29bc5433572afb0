namespace ThinPool.Engine.Metadata;

/// <summary>How bad a <see cref="CheckFinding"/> is.</summary>
public enum CheckSeverity
{
    /// <summary>
    /// A hint field that nothing relies on is off (for example <c>nr_allocated</c> or
    /// <c>none_free_before</c>); the metadata is still clean.
    /// </summary>
    Warning,

    /// <summary>
    /// Space is wasted but nothing is at risk: a block is counted as used by the space map but
    /// nothing references it (a leak).
    /// </summary>
    NonFatal,

    /// <summary>
    /// The metadata is unusable or would lose data: a bad checksum, a broken tree, or a block
    /// referenced more often than its space map count says.
    /// </summary>
    Fatal,
}
