using System.Diagnostics;
using ThinPool.Engine.Lvm;

namespace ThinPool.LvmKernelTests;

// A minimal ordered test runner. The scenarios form one story on the same disks (building a
// pool costs seconds under TCG), so a scenario may name the one it needs; when that one
// failed it is reported as skipped rather than failing for a reason it does not own.
internal sealed class Harness
{
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly string[] _filters;

    public Harness(string[] filters)
    {
        _filters = filters;
    }

    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public int Skipped { get; private set; }

    public void Run(string name, Action body, string? needs = null)
    {
        if (_filters.Length > 0 && !_filters.Any(f => name.Contains(f, StringComparison.Ordinal)))
        {
            return;
        }

        if (needs is not null && _failed.Contains(needs))
        {
            Skipped++;
            _failed.Add(name);
            Console.WriteLine($"skip - {name}: needs '{needs}', which failed");
            return;
        }

        var clock = Stopwatch.StartNew();
        try
        {
            body();
            Passed++;
            Console.WriteLine($"ok   - {name} ({clock.ElapsedMilliseconds} ms)");
        }
        catch (Exception ex)
        {
            Failed++;
            _failed.Add(name);
            Console.WriteLine($"FAIL - {name} ({clock.ElapsedMilliseconds} ms): {ex.GetType().Name}: {ex.Message}");
            if (ex is not CheckException)
            {
                Console.WriteLine(ex.StackTrace);
            }
        }
    }

    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new CheckException(what);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new CheckException($"{what}: expected {expected}, got {actual}");
        }
    }

    public static TException Throws<TException>(Action body, string what)
        where TException : Exception
    {
        try
        {
            body();
        }
        catch (TException ex)
        {
            return ex;
        }

        throw new CheckException($"{what}: expected {typeof(TException).Name}, nothing was thrown");
    }

    // Runs a helper tool (dmsetup, mkfs, dd) that is not under test; fails loudly.
    public static string Tool(string file, params string[] args)
    {
        var result = SystemProcessRunner.Instance.Run(file, args, new Dictionary<string, string>
        {
            ["LVM_SUPPRESS_FD_WARNINGS"] = "1",
        });
        if (result.ExitCode != 0)
        {
            throw new CheckException($"{file} {string.Join(' ', args)} exited {result.ExitCode}: " +
                result.StandardError.Trim());
        }

        return result.StandardOutput;
    }

    public static int TryTool(string file, params string[] args) =>
        SystemProcessRunner.Instance.Run(file, args, new Dictionary<string, string>()).ExitCode;
}

internal sealed class CheckException(string message) : Exception(message);

// Fails the first command line that starts with a prefix, then behaves as the real runner:
// fault injection at the process seam, with real lvm doing everything else.
internal sealed class FailingRunner(string prefix) : IProcessRunner
{
    public bool Fired { get; private set; }

    public ProcessResult Run(string fileName, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment)
    {
        string line = string.Join(' ', arguments.Where(a => !a.Contains('{')).Where(a => a != "--config"));
        if (!Fired && line.StartsWith(prefix, StringComparison.Ordinal))
        {
            Fired = true;
            return new ProcessResult(5, "", "injected failure");
        }

        return SystemProcessRunner.Instance.Run(fileName, arguments, environment);
    }
}

internal sealed class ConsoleSink : ILvmSink
{
    public List<string> Warnings { get; } = [];

    public bool Verbose { get; init; }

    public void Changed(string message)
    {
        if (Verbose)
        {
            Console.WriteLine("       + " + message);
        }
    }

    public void Queried(string message)
    {
    }

    public void Warned(string message)
    {
        Warnings.Add(message);
        Console.WriteLine("       ! " + message);
    }
}
