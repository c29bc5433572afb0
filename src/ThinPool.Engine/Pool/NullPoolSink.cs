namespace ThinPool.Engine.Pool;

/// <summary>A sink that drops every report.</summary>
public sealed class NullPoolSink : IPoolSink
{
    /// <summary>The shared instance.</summary>
    public static readonly NullPoolSink Instance = new();

    /// <inheritdoc/>
    public void Change(string message)
    {
    }

    /// <inheritdoc/>
    public void Query(string message)
    {
    }

    /// <inheritdoc/>
    public void Warning(string message)
    {
    }

    /// <inheritdoc/>
    public void Progress(string activity, long done, long total)
    {
    }
}
