namespace ThinPool.Engine.Daemon;

/// <summary>A generated daemon configuration fragment.</summary>
/// <param name="Kind">The runtime it is for.</param>
/// <param name="Path">The file it belongs in (<c>/etc/docker/daemon.json</c>,
/// <c>/etc/containerd/config.toml</c>).</param>
/// <param name="Format">The file's format: <c>json</c> or <c>toml</c>.</param>
/// <param name="Text">The fragment, ending with a newline.</param>
public sealed record DaemonConfig(DaemonKind Kind, string Path, string Format, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => Text;
}
