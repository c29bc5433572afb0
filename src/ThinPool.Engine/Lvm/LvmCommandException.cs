namespace ThinPool.Engine.Lvm;

/// <summary>
/// An external tool (an lvm2 command, <c>wipefs</c>) could not be started or exited non-zero.
/// Carries the command line and the tool's own error text so the user sees lvm's reason.
/// </summary>
public sealed class LvmCommandException : LvmException
{
    /// <summary>Creates the exception for a failed run.</summary>
    /// <param name="command">The tool that was run, e.g. <c>lvcreate</c>.</param>
    /// <param name="arguments">The arguments it was given.</param>
    /// <param name="exitCode">Its exit status; -1 when it could not be started.</param>
    /// <param name="standardError">What it wrote to stderr, trimmed.</param>
    /// <param name="inner">The start failure, when there was one.</param>
    public LvmCommandException(string command, IReadOnlyList<string> arguments, int exitCode,
        string standardError, Exception? inner = null)
        : base(Describe(command, arguments, exitCode, standardError), inner)
    {
        Command = command;
        Arguments = arguments;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The tool that was run.</summary>
    public string Command { get; }

    /// <summary>The arguments it was given.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Its exit status; -1 when it could not be started.</summary>
    public int ExitCode { get; }

    /// <summary>What it wrote to stderr, trimmed.</summary>
    public string StandardError { get; }

    private static string Describe(string command, IReadOnlyList<string> arguments, int exitCode,
        string standardError)
    {
        string line = arguments.Count == 0 ? command : command + " " + string.Join(' ', arguments);
        string reason = standardError.Length == 0 ? "no error text" : standardError;
        return exitCode < 0
            ? $"'{line}' could not be started: {reason}"
            : $"'{line}' failed with exit code {exitCode}: {reason}";
    }
}
