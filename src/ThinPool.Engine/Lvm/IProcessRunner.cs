namespace ThinPool.Engine.Lvm;

/// <summary>
/// Starts an external program with an argument list (never through a shell) and waits for it.
/// The seam lets tests script lvm2's answers without root or a kernel.
/// </summary>
public interface IProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> and returns its exit code and output.</summary>
    /// <param name="fileName">Program name, looked up on PATH, or an absolute path.</param>
    /// <param name="arguments">Arguments, each passed as one argv entry.</param>
    /// <param name="environment">Variables added to the inherited environment.</param>
    /// <returns>The exit code and the captured output.</returns>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be
    /// started.</exception>
    ProcessResult Run(string fileName, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment);
}
