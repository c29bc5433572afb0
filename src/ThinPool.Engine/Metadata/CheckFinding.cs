namespace ThinPool.Engine.Metadata;

/// <summary>One problem found by <see cref="MetadataChecker"/>.</summary>
/// <param name="Block">
/// The metadata block the finding is about, or the data block for data reference counts
/// (see <paramref name="IsDataBlock"/>); <see langword="null"/> when no single block is to blame.
/// </param>
/// <param name="Severity">Whether the pool is unusable, only leaks space, or a hint is off.</param>
/// <param name="Message">What is wrong, in words.</param>
/// <param name="IsDataBlock">True when <paramref name="Block"/> is a data block number.</param>
public sealed record CheckFinding(ulong? Block, CheckSeverity Severity, string Message,
    bool IsDataBlock = false)
{
    /// <summary>The finding as one line: severity, block, message.</summary>
    public override string ToString()
    {
        string where = Block is null ? "" : IsDataBlock ? $" data block {Block}:" : $" block {Block}:";
        return $"{Severity}:{where} {Message}";
    }
}
