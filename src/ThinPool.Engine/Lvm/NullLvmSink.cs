namespace ThinPool.Engine.Lvm;

/// <summary>A sink that drops every report.</summary>
public sealed class NullLvmSink : ILvmSink
{
    /// <summary>The shared instance.</summary>
    public static NullLvmSink Instance { get; } = new();

    /// <inheritdoc/>
    public void Changed(string message)
    {
    }

    /// <inheritdoc/>
    public void Queried(string message)
    {
    }

    /// <inheritdoc/>
    public void Warned(string message)
    {
    }
}
