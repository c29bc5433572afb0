namespace ThinPool.Engine.Lvm;

/// <summary>
/// An <see cref="ILvmSink"/> over three delegates, so a caller can route LVM reports into
/// its own sink (for the cmdlets: <c>new DelegateLvmSink(sink.Change, sink.Query,
/// sink.Warning)</c>) without the LVM layer knowing the pool layer.
/// </summary>
public sealed class DelegateLvmSink : ILvmSink
{
    private readonly Action<string> _changed;
    private readonly Action<string> _queried;
    private readonly Action<string> _warned;

    /// <summary>Creates the sink.</summary>
    /// <param name="changed">Receives changes.</param>
    /// <param name="queried">Receives queries.</param>
    /// <param name="warned">Receives warnings.</param>
    public DelegateLvmSink(Action<string> changed, Action<string> queried, Action<string> warned)
    {
        _changed = changed;
        _queried = queried;
        _warned = warned;
    }

    /// <inheritdoc/>
    public void Changed(string message) => _changed(message);

    /// <inheritdoc/>
    public void Queried(string message) => _queried(message);

    /// <inheritdoc/>
    public void Warned(string message) => _warned(message);
}
