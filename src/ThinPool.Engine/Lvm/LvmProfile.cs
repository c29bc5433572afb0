using System.Globalization;
using System.Text;

namespace ThinPool.Engine.Lvm;

/// <summary>
/// The lvm metadata profile that carries a pool's autoextend settings: written as
/// <c>PROFILE_DIR/NAME.profile</c>, attached with <c>lvchange --metadataprofile</c>, and read
/// back with <c>lvmconfig --type full</c>, which prints one <c>key=value</c> line per setting
/// asked for.
/// </summary>
public sealed class LvmProfile
{
    private const string ThresholdKey = "thin_pool_autoextend_threshold";
    private const string PercentKey = "thin_pool_autoextend_percent";

    private readonly LvmCommandRunner _runner;

    /// <summary>Creates the helper.</summary>
    /// <param name="runner">The command chokepoint.</param>
    /// <param name="directory">Where profiles live; null means <c>$LVM_SYSTEM_DIR/profile</c>,
    /// or <c>/etc/lvm/profile</c>.</param>
    public LvmProfile(LvmCommandRunner runner, string? directory = null)
    {
        _runner = runner;
        Directory = directory ?? DefaultDirectory();
    }

    /// <summary>Where profiles are written.</summary>
    public string Directory { get; }

    /// <summary>The file that holds profile <paramref name="name"/>.</summary>
    /// <param name="name">The profile name.</param>
    /// <returns>Its path.</returns>
    public string PathOf(string name) => Path.Combine(Directory, name + ".profile");

    /// <summary>The text of a profile with the given settings.</summary>
    /// <param name="thresholdPercent">thin_pool_autoextend_threshold.</param>
    /// <param name="percent">thin_pool_autoextend_percent.</param>
    /// <returns>The file's contents.</returns>
    public static string Render(int thresholdPercent, int percent)
    {
        var text = new StringBuilder();
        text.Append("# Written by ThinPool (New-ThinPool): autoextend settings for one thin pool.\n");
        text.Append("activation {\n");
        text.Append(CultureInfo.InvariantCulture, $"\t{ThresholdKey}={thresholdPercent}\n");
        text.Append(CultureInfo.InvariantCulture, $"\t{PercentKey}={percent}\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>Writes the profile file, replacing one of the same name.</summary>
    /// <param name="name">The profile name.</param>
    /// <param name="thresholdPercent">thin_pool_autoextend_threshold.</param>
    /// <param name="percent">thin_pool_autoextend_percent.</param>
    /// <returns>The path written.</returns>
    public string Write(string name, int thresholdPercent, int percent)
    {
        string path = PathOf(name);
        System.IO.Directory.CreateDirectory(Directory);
        string temp = path + ".tmp";
        File.WriteAllText(temp, Render(thresholdPercent, percent));
        File.Move(temp, path, overwrite: true);
        _runner.Sink.Changed($"wrote {path}");
        return path;
    }

    /// <summary>Reads the autoextend settings in force for a pool with the given profile (the
    /// global ones when <paramref name="profile"/> is null).</summary>
    /// <param name="profile">The pool's metadata profile, or null.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="LvmCommandException">lvmconfig failed.</exception>
    /// <exception cref="LvmReportFormatException">Its output lacks a setting.</exception>
    public LvmAutoExtendSettings ReadSettings(string? profile)
    {
        var args = new List<string> { "--type", "full" };
        if (profile is not null)
        {
            args.Add("--metadataprofile");
            args.Add(profile);
        }

        args.Add("activation/" + ThresholdKey);
        args.Add("activation/" + PercentKey);
        return ParseSettings(_runner.RunLvm("lvmconfig", [.. args]), profile);
    }

    /// <summary>Parses lvmconfig's <c>key=value</c> lines.</summary>
    /// <param name="text">lvmconfig's stdout.</param>
    /// <param name="profile">The profile the settings were read through.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="LvmReportFormatException">A setting is missing or not a
    /// number.</exception>
    public static LvmAutoExtendSettings ParseSettings(string text, string? profile)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            int eq = line.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            string key = line[..eq].Trim();
            string value = line[(eq + 1)..].Trim();
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out int number))
            {
                throw new LvmReportFormatException(key, $"'{value}' is not a whole number");
            }

            values[key] = number;
        }

        return new LvmAutoExtendSettings(Get(ThresholdKey), Get(PercentKey), profile);

        int Get(string key) => values.TryGetValue(key, out int v)
            ? v
            : throw new LvmReportFormatException(key, "missing from lvmconfig output");
    }

    private static string DefaultDirectory()
    {
        string? system = Environment.GetEnvironmentVariable("LVM_SYSTEM_DIR");
        return Path.Combine(string.IsNullOrEmpty(system) ? "/etc/lvm" : system, "profile");
    }
}
