namespace ThinPool.Engine.Kernel.Status;

/// <summary>The thin target's INFO status line, typed.</summary>
/// <remarks>
/// Grammar:
/// <code>
/// status  := "Fail" | "-" | mapped SP highest
/// mapped  := uint64                  mapped sectors (mapped blocks x block size)
/// highest := uint64 | "-"            last sector of the highest mapped block, "-" when none
/// </code>
/// </remarks>
/// <param name="Health">Healthy; Failed for <c>Fail</c>; Inactive for <c>-</c>.</param>
/// <param name="MappedSectors">Sectors of mapped blocks.</param>
/// <param name="HighestMappedSector">The highest mapped sector, or null when nothing is mapped.</param>
public sealed record ThinTargetStatus(TargetHealth Health, ulong MappedSectors,
    ulong? HighestMappedSector)
{
    private const string What = "thin status";

    /// <summary>Bytes of mapped blocks.</summary>
    public ulong MappedBytes => MappedSectors * 512;

    /// <summary>Parses a thin INFO status line.</summary>
    /// <param name="text">The status text, e.g. <c>65536 65535</c>.</param>
    /// <exception cref="StatusParseException">A field does not follow the grammar.</exception>
    public static ThinTargetStatus Parse(string text)
    {
        string trimmed = text.Trim();
        switch (trimmed)
        {
            case "Fail":
                return new ThinTargetStatus(TargetHealth.Failed, 0, null);
            case "-":
                return new ThinTargetStatus(TargetHealth.Inactive, 0, null);
        }

        string[] f = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 2)
        {
            throw new StatusParseException(What, f.Length == 0 ? "mapped sectors"
                : "highest mapped sector", text, "missing");
        }

        ulong mapped = ThinPoolTargetStatus.Number(f[0], "mapped sectors", text, What);
        ulong? highest = f[1] == "-" ? null
            : ThinPoolTargetStatus.Number(f[1], "highest mapped sector", text, What);
        return new ThinTargetStatus(TargetHealth.Healthy, mapped, highest);
    }
}
