using System.Text.Json;

namespace ThinPool.Engine.Pool;

/// <summary>
/// The pools this module knows: one small record per pool, <c>&lt;name&gt;.json</c>, pointing
/// at the pool directory. The directory itself holds the truth (<c>pool.json</c>); a record is
/// only an index, so a lost registry is rebuilt by adopting each pool directory again.
/// </summary>
public sealed class PoolRegistry
{
    /// <summary>The environment variable that overrides the registry location.</summary>
    public const string EnvironmentVariable = "THINPOOL_REGISTRY";

    /// <summary>Opens the registry at <paramref name="directory"/> (created on first write).</summary>
    /// <param name="directory">The registry directory.</param>
    public PoolRegistry(string directory)
    {
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The registry directory.</summary>
    public string Directory { get; }

    /// <summary>
    /// The default location: <c>$THINPOOL_REGISTRY</c> when set; <c>/var/lib/thinpool</c> for
    /// root; otherwise <c>$XDG_DATA_HOME/thinpool</c> or <c>~/.local/share/thinpool</c>.
    /// </summary>
    /// <returns>The registry directory path.</returns>
    public static string DefaultDirectory()
    {
        string? overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return overridden;
        }

        if (Tmds.Linux.LibC.geteuid() == 0)
        {
            return "/var/lib/thinpool";
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        string baseDir = !string.IsNullOrEmpty(xdg) ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".local", "share");
        return Path.Combine(baseDir, "thinpool");
    }

    /// <summary>Every registered pool name with its directory, by name.</summary>
    /// <returns>Name and directory pairs.</returns>
    public IReadOnlyList<KeyValuePair<string, string>> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return Array.Empty<KeyValuePair<string, string>>();
        }

        var result = new List<KeyValuePair<string, string>>();
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            Entry? entry = ReadEntry(file);
            if (entry is not null)
            {
                result.Add(new(entry.Name, entry.Path));
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return result;
    }

    /// <summary>The directory of the pool registered as <paramref name="name"/>, or null.</summary>
    /// <param name="name">The pool name.</param>
    /// <returns>The pool directory, or null when the name is not registered.</returns>
    public string? Find(string name)
    {
        PoolRules.ValidateName("pool", name);
        return ReadEntry(EntryPath(name))?.Path;
    }

    /// <summary>Records <paramref name="name"/> as the pool in <paramref name="poolDirectory"/>.</summary>
    /// <param name="name">The pool name.</param>
    /// <param name="poolDirectory">The pool directory (made absolute).</param>
    public void Register(string name, string poolDirectory)
    {
        PoolRules.ValidateName("pool", name);
        System.IO.Directory.CreateDirectory(Directory);
        var entry = new Entry { Name = name, Path = Path.GetFullPath(poolDirectory) };
        string path = EntryPath(name);
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(entry));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Forgets the record for <paramref name="name"/> (the pool files stay).</summary>
    /// <param name="name">The pool name.</param>
    public void Unregister(string name)
    {
        PoolRules.ValidateName("pool", name);
        File.Delete(EntryPath(name));
    }

    private string EntryPath(string name) => Path.Combine(Directory, name + ".json");

    private static Entry? ReadEntry(string path)
    {
        try
        {
            Entry? entry = JsonSerializer.Deserialize<Entry>(File.ReadAllText(path));
            return entry is null || string.IsNullOrEmpty(entry.Name) ? null : entry;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private sealed class Entry
    {
        public string Name { get; set; } = "";

        public string Path { get; set; } = "";
    }
}
