using System.Diagnostics;

namespace ThinPool.Engine.Tests.Reliability;

/// <summary>
/// thin_check (thin-provisioning-tools) and the python inspector (tests/oracles) run on a metadata
/// image written to a temporary file. Either tool missing: nothing is checked (the caller
/// reports how many cases the tools saw).
/// </summary>
public static class ExternalOracles
{
    private static readonly string Inspector = InspectorLocator.Path;

    public static bool Available =>
        File.Exists("/usr/sbin/thin_check") && File.Exists(Inspector) && File.Exists("/usr/bin/python3");

    /// <summary>Checks the image; adds a failure per tool that rejects it. False when the
    /// tools are not installed.</summary>
    public static bool Check(byte[] metadataImage, List<string> failures)
    {
        if (!Available)
        {
            return false;
        }

        string path = Path.Combine(Path.GetTempPath(), $"thinpool-crash-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllBytes(path, metadataImage);
            var (code, output) = Run("/usr/sbin/thin_check", path);
            if (code != 0)
            {
                failures.Add($"thin_check failed (exit {code}): {output}");
            }

            (code, output) = Run("/usr/bin/python3", Inspector, "check", path);
            if (code != 0)
            {
                failures.Add($"dmthin_inspect.py check failed (exit {code}): {output}");
            }

            return true;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Blocks with a reference (refs=N, N &gt; 0) in the inspector's block listing;
    /// null when the inspector is not installed.</summary>
    public static List<ulong>? ReferencedBlocks(byte[] metadataImage)
    {
        if (!Available)
        {
            return null;
        }

        string path = Path.Combine(Path.GetTempPath(), $"thinpool-blocks-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllBytes(path, metadataImage);
            var (code, output) = Run("/usr/bin/python3", int.MaxValue, Inspector, "blocks", path);
            if (code != 0)
            {
                return null;
            }

            var used = new List<ulong>();
            foreach (string line in output.Split('\n'))
            {
                var m = System.Text.RegularExpressions.Regex.Match(line, @"^block\s+(\d+):.*\brefs=([1-9])");
                if (m.Success)
                {
                    used.Add(ulong.Parse(m.Groups[1].Value));
                }
            }

            return used;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Code, string Output) Run(string program, params string[] args) =>
        Run(program, 400, args);

    private static (int Code, string Output) Run(string program, int keep, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string all = (stdout + stderr.Result).Trim();
        return (process.ExitCode, all.Length > keep ? all[..keep] : all);
    }
}
