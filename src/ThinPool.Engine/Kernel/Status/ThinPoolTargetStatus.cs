namespace ThinPool.Engine.Kernel.Status;

/// <summary>
/// The thin-pool target's INFO status line, typed. Units are in the names: metadata counts
/// are metadata blocks (4 KiB), data counts are data blocks (the pool's block size).
/// </summary>
/// <remarks>
/// Grammar (fields separated by single spaces; the kernel also ends the line with a space):
/// <code>
/// status   := "Fail" | "Error" | counters
/// counters := txid SP meta SP data SP held [SP mode [SP discard [SP nospace [SP check [SP lwm]]]]]
/// txid     := uint64                         transaction id of the last commit
/// meta     := used "/" total                 metadata blocks
/// data     := used "/" total                 data blocks
/// held     := uint64 | "-"                   metadata snapshot root block, "-" when none
/// mode     := "rw" | "ro" | "out_of_data_space"
/// discard  := "discard_passdown" | "no_discard_passdown" | "ignore_discard"
/// nospace  := "error_if_no_space" | "queue_if_no_space"
/// check    := "needs_check" | "-"
/// lwm      := uint64                         metadata low watermark, metadata blocks
/// </code>
/// Older kernels stop after an earlier field, so the fields after <c>held</c> are optional
/// (null when absent). Unknown extra trailing fields are ignored so that a newer kernel's
/// additions do not break us.
/// </remarks>
/// <param name="Health">Healthy, or the <c>Fail</c>/<c>Error</c> state (all counters 0).</param>
/// <param name="TransactionId">The metadata transaction id.</param>
/// <param name="MetadataBlocksUsed">Used metadata blocks (the kernel's reserve counts as used).</param>
/// <param name="MetadataBlocksTotal">Metadata space map size in blocks.</param>
/// <param name="DataBlocksUsed">Allocated data blocks.</param>
/// <param name="DataBlocksTotal">Data space map size in blocks.</param>
/// <param name="HeldMetadataRoot">The metadata snapshot block, or null when none is held.</param>
/// <param name="Mode">rw, ro or out_of_data_space; null on older kernels.</param>
/// <param name="DiscardMode">The discard mode; null on older kernels.</param>
/// <param name="ErrorIfNoSpace">True for error_if_no_space; null on older kernels.</param>
/// <param name="NeedsCheck">True when the metadata is flagged needs_check; null on older kernels.</param>
/// <param name="MetadataLowWatermarkBlocks">The metadata low watermark; null on older kernels.</param>
public sealed record ThinPoolTargetStatus(TargetHealth Health, ulong TransactionId,
    ulong MetadataBlocksUsed, ulong MetadataBlocksTotal, ulong DataBlocksUsed,
    ulong DataBlocksTotal, ulong? HeldMetadataRoot, ThinPoolMode? Mode,
    ThinPoolDiscardMode? DiscardMode, bool? ErrorIfNoSpace, bool? NeedsCheck,
    ulong? MetadataLowWatermarkBlocks)
{
    private const string What = "thin-pool status";

    /// <summary>Parses a thin-pool INFO status line (the text after the target type).</summary>
    /// <param name="text">The status text, e.g. <c>0 214/2048 0/512 - rw discard_passdown ...</c>.</param>
    /// <exception cref="StatusParseException">A field does not follow the grammar.</exception>
    public static ThinPoolTargetStatus Parse(string text)
    {
        string trimmed = text.Trim();
        if (trimmed == "Fail" || trimmed == "Error")
        {
            return new ThinPoolTargetStatus(trimmed == "Fail" ? TargetHealth.Failed
                : TargetHealth.Error, 0, 0, 0, 0, 0, null, null, null, null, null, null);
        }

        string[] f = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 4)
        {
            string missing = f.Length switch
            {
                0 => "transaction id", 1 => "used/total metadata", 2 => "used/total data",
                _ => "held metadata root",
            };
            throw new StatusParseException(What, missing, text, "missing");
        }

        ulong txid = Number(f[0], "transaction id", text);
        (ulong metaUsed, ulong metaTotal) = Ratio(f[1], "used/total metadata", text);
        (ulong dataUsed, ulong dataTotal) = Ratio(f[2], "used/total data", text);
        ulong? held = f[3] == "-" ? null : Number(f[3], "held metadata root", text);
        ThinPoolMode? mode = f.Length > 4 ? f[4] switch
        {
            "rw" => ThinPoolMode.ReadWrite,
            "ro" => ThinPoolMode.ReadOnly,
            "out_of_data_space" => ThinPoolMode.OutOfDataSpace,
            _ => throw new StatusParseException(What, "mode", text, $"unknown mode '{f[4]}'"),
        } : null;
        ThinPoolDiscardMode? discard = f.Length > 5 ? f[5] switch
        {
            "discard_passdown" => ThinPoolDiscardMode.Passdown,
            "no_discard_passdown" => ThinPoolDiscardMode.NoPassdown,
            "ignore_discard" => ThinPoolDiscardMode.Ignore,
            _ => throw new StatusParseException(What, "discard mode", text, $"unknown '{f[5]}'"),
        } : null;
        bool? errorIfNoSpace = f.Length > 6 ? f[6] switch
        {
            "error_if_no_space" => true,
            "queue_if_no_space" => false,
            _ => throw new StatusParseException(What, "no-space policy", text, $"unknown '{f[6]}'"),
        } : null;
        bool? needsCheck = f.Length > 7 ? f[7] switch
        {
            "needs_check" => true,
            "-" => false,
            _ => throw new StatusParseException(What, "needs_check", text, $"unknown '{f[7]}'"),
        } : null;
        ulong? lowWatermark = f.Length > 8 ? Number(f[8], "metadata low watermark", text) : null;
        return new ThinPoolTargetStatus(TargetHealth.Healthy, txid, metaUsed, metaTotal, dataUsed,
            dataTotal, held, mode, discard, errorIfNoSpace, needsCheck, lowWatermark);
    }

    internal static ulong Number(string field, string name, string text, string what = What) =>
        ulong.TryParse(field, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out ulong v) ? v
            : throw new StatusParseException(what, name, text, $"'{field}' is not a number");

    private static (ulong Used, ulong Total) Ratio(string field, string name, string text)
    {
        int slash = field.IndexOf('/');
        if (slash < 0)
        {
            throw new StatusParseException(What, name, text, $"'{field}' is not used/total");
        }

        ulong used = Number(field[..slash], name, text);
        ulong total = Number(field[(slash + 1)..], name, text);
        return used <= total ? (used, total)
            : throw new StatusParseException(What, name, text, $"used {used} exceeds total {total}");
    }
}
