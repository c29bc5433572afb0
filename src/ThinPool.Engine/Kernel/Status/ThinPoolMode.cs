namespace ThinPool.Engine.Kernel.Status;

/// <summary>The pool's I/O mode from its status line.</summary>
public enum ThinPoolMode
{
    /// <summary><c>rw</c>: normal operation.</summary>
    ReadWrite,

    /// <summary><c>ro</c>: read-only, by request or because metadata space ran out.</summary>
    ReadOnly,

    /// <summary><c>out_of_data_space</c>: writes needing a new block fail or queue.</summary>
    OutOfDataSpace,
}
