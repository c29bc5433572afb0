namespace ThinPool.Engine.Lvm;

/// <summary>
/// What lvm2 accepts as a volume group, logical volume or profile name, checked before any
/// command runs so a bad name fails with a clear message and nothing changed.
/// </summary>
public static class LvmNames
{
    /// <summary>The longest name lvm2 accepts.</summary>
    public const int MaxLength = 127;

    // lvm reserves these inside LV names for the hidden sub-volumes it creates.
    private static readonly string[] ReservedParts =
    [
        "_cdata", "_cmeta", "_corig", "_mimage", "_mlog", "_pmspare", "_rimage", "_rmeta",
        "_tdata", "_tmeta", "_vorigin", "_vdata",
    ];

    /// <summary>Throws unless <paramref name="name"/> is a valid volume group name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="parameter">The parameter name reported in the error.</param>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static void ValidateVolumeGroup(string name, string parameter) =>
        ValidateCommon(name, parameter, "volume group");

    /// <summary>Throws unless <paramref name="name"/> is a valid logical volume name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="parameter">The parameter name reported in the error.</param>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static void ValidateLogicalVolume(string name, string parameter)
    {
        ValidateCommon(name, parameter, "logical volume");
        if (name.StartsWith("snapshot", StringComparison.Ordinal)
            || name.StartsWith("pvmove", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Logical volume name '{name}' may not start with 'snapshot' or 'pvmove'.",
                parameter);
        }

        foreach (string part in ReservedParts)
        {
            if (name.Contains(part, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Logical volume name '{name}' may not contain '{part}', which lvm reserves.",
                    parameter);
            }
        }
    }

    /// <summary>Throws unless <paramref name="name"/> is usable as a profile file name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="parameter">The parameter name reported in the error.</param>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static void ValidateProfile(string name, string parameter) =>
        ValidateCommon(name, parameter, "profile");

    private static void ValidateCommon(string name, string parameter, string what)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"The {what} name is empty.", parameter);
        }

        if (name.Length > MaxLength)
        {
            throw new ArgumentException(
                $"The {what} name '{name}' is longer than {MaxLength} characters.", parameter);
        }

        if (name is "." or ".." || name[0] == '-')
        {
            throw new ArgumentException(
                $"The {what} name '{name}' may not be '.' or '..' or start with '-'.", parameter);
        }

        foreach (char c in name)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '+' or '_' or '.' or '-';
            if (!ok)
            {
                throw new ArgumentException(
                    $"The {what} name '{name}' contains '{c}'; use only letters, digits and + _ . -",
                    parameter);
            }
        }
    }
}
