namespace ThinPool.Engine.Kernel.Status;

/// <summary>How the pool handles discards, from its status line.</summary>
public enum ThinPoolDiscardMode
{
    /// <summary>
    /// <c>discard_passdown</c>: discards free blocks and are passed to the data device.
    /// </summary>
    Passdown,

    /// <summary><c>no_discard_passdown</c>: discards free blocks only.</summary>
    NoPassdown,

    /// <summary><c>ignore_discard</c>: discards are ignored.</summary>
    Ignore,
}
