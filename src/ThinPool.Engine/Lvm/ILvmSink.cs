namespace ThinPool.Engine.Lvm;

/// <summary>
/// Where the LVM layer reports what it does. A cmdlet maps <see cref="Changed"/> to verbose,
/// <see cref="Queried"/> to debug and <see cref="Warned"/> to warning output.
/// </summary>
public interface ILvmSink
{
    /// <summary>A command that changes state is about to run, or a file was written.</summary>
    /// <param name="message">The command line or the change.</param>
    void Changed(string message);

    /// <summary>A read-only command is about to run.</summary>
    /// <param name="message">The command line.</param>
    void Queried(string message);

    /// <summary>Something the user should know that did not stop the operation.</summary>
    /// <param name="message">What happened and what to do.</param>
    void Warned(string message);
}
