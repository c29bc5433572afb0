using System.Diagnostics;

namespace ThinPool.Engine.Tests.Oracles;

/// <summary>
/// Runs the format oracles: thin_check / thin_dump (thin-provisioning-tools) and the python
/// inspector in tests/oracles. Tests call <see cref="RequireThinTools"/> or <see cref="RequireInspector"/>
/// first: when a tool is missing the test is skipped, except under CI=true where it fails.
/// </summary>
public static class ExternalTools
{
    /// <summary>The python inspector kept in tests/oracles (spec companion tool).</summary>
    public static readonly string InspectorPath = Reliability.InspectorLocator.Path;

    /// <summary>Result of one tool run.</summary>
    /// <param name="ExitCode">The process exit code.</param>
    /// <param name="Stdout">Standard output.</param>
    /// <param name="Stderr">Standard error.</param>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Both streams, for assertion messages.</summary>
        public override string ToString() => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
    }

    /// <summary>True when running under CI, where missing oracles are failures.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true",
                                             StringComparison.OrdinalIgnoreCase);

    /// <summary>Full path of a program found on PATH (or in /usr/sbin, /sbin), else null.</summary>
    public static string? Find(string program)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string dir in path.Split(':').Concat(new[] { "/usr/sbin", "/sbin" }))
        {
            string candidate = Path.Combine(dir, program);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when thin_check and thin_dump can run; skips (or fails on CI) otherwise.</summary>
    public static bool RequireThinTools() => Require(Find("thin_check") is not null
                                                     && Find("thin_dump") is not null, "thin_check");

    /// <summary>True when python3 and the inspector exist; skips (or fails on CI) otherwise.</summary>
    public static bool RequireInspector()
        => Require(Find("python3") is not null && File.Exists(InspectorPath), "dmthin_inspect.py");

    /// <summary>Runs thin_check on a metadata file.</summary>
    public static Result ThinCheck(string file, params string[] options)
        => Run(Find("thin_check")!, options.Append(file));

    /// <summary>Runs thin_dump on a metadata file.</summary>
    public static Result ThinDump(string file, params string[] options)
        => Run(Find("thin_dump")!, options.Append(file));

    /// <summary>Runs the inspector: <c>dmthin_inspect.py command args...</c>.</summary>
    public static Result Inspect(string command, params string[] args)
        => Run(Find("python3")!, new[] { InspectorPath, command }.Concat(args));

    /// <summary>Runs a program with arguments and collects its output.</summary>
    public static Result Run(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static bool Require(bool present, string tool)
    {
        if (present)
        {
            return true;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"{tool} is required under CI but was not found.");
        }

        return false;
    }
}
