using System.Diagnostics;

namespace ThinPool.Engine.Tests.Check;

/// <summary>
/// Runs the external oracles (thin-provisioning-tools 0.9.0 and the shared python inspector).
/// A missing tool makes a test return early, except under CI=true where it fails the test.
/// </summary>
internal static class OracleTools
{
    public const string Inspector = "/work/shared/tools/dmthin_inspect.py";

    public static string SamplePath(string name) =>
        Path.Combine(AppContext.BaseDirectory, "testdata", "dmthin", name);

    /// <summary>True when <paramref name="tool"/> can run; throws under CI when it cannot.</summary>
    public static bool Available(string tool)
    {
        string path = tool == "python3" ? Inspector : Path.Combine("/usr/sbin", tool);
        bool found = File.Exists(path) || FindOnPath(tool);
        if (!found && Environment.GetEnvironmentVariable("CI") == "true")
        {
            throw new InvalidOperationException($"{tool} is required under CI but was not found");
        }

        return found && (tool != "python3" || FindOnPath("python3"));
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(FindOnPath(tool) ? tool : Path.Combine("/usr/sbin", tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    public static (int ExitCode, string Stdout, string Stderr) Inspect(params string[] args) =>
        Run("python3", new[] { Inspector }.Concat(args).ToArray());

    private static bool FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));
}
