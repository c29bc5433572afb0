namespace ThinPool.Engine.Lvm;

/// <summary>What an external command returned.</summary>
/// <param name="ExitCode">Its exit status.</param>
/// <param name="StandardOutput">Everything it wrote to stdout.</param>
/// <param name="StandardError">Everything it wrote to stderr.</param>
public readonly record struct ProcessResult(int ExitCode, string StandardOutput,
    string StandardError);
