using System.Diagnostics;

namespace ThinPool.Engine.Lvm;

/// <summary>Runs programs with <see cref="Process"/>, capturing stdout and stderr.</summary>
public sealed class SystemProcessRunner : IProcessRunner
{
    /// <summary>The shared instance; the type holds no state.</summary>
    public static SystemProcessRunner Instance { get; } = new();

    /// <inheritdoc/>
    public ProcessResult Run(string fileName, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"'{fileName}' did not start.");

        // lvm2 prompts on stdin when it is unsure; an empty, closed stdin makes it answer no.
        process.StandardInput.Close();

        // Read stderr on another task so neither pipe can fill and stall the child.
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output, error.GetAwaiter().GetResult());
    }
}
