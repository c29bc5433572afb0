namespace ThinPool.Engine.Pool;

/// <summary>What a running pool does with writes once its data space is exhausted.</summary>
public enum WhenFullAction
{
    /// <summary>Fail the write at once (the kernel's <c>error_if_no_space</c>).</summary>
    Error,

    /// <summary>Hold the write until space is added (the kernel's default). Offline pools
    /// cannot wait and report the error instead.</summary>
    Queue,
}
