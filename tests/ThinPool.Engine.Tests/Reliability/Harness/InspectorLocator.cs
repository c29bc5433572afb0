namespace ThinPool.Engine.Tests.Reliability;

/// <summary>
/// Finds dmthin_inspect.py, the python checker kept in tests/oracles: THINPOOL_INSPECTOR
/// when set, otherwise the first tests/oracles/dmthin_inspect.py above the running assembly,
/// so test and bench builds find it wherever the repository was cloned.
/// </summary>
public static class InspectorLocator
{
    private const string RelativePath = "tests/oracles/dmthin_inspect.py";

    /// <summary>The inspector's full path; a path that does not exist when none was found.</summary>
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        string? configured = Environment.GetEnvironmentVariable("THINPOOL_INSPECTOR");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return System.IO.Path.Combine(AppContext.BaseDirectory, RelativePath);
    }
}
