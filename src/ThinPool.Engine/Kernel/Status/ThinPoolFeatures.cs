namespace ThinPool.Engine.Kernel.Status;

/// <summary>Optional feature arguments of a thin-pool table line.</summary>
[Flags]
public enum ThinPoolFeatures
{
    /// <summary>No feature arguments.</summary>
    None = 0,

    /// <summary><c>skip_block_zeroing</c>: new blocks are not zeroed before first use.</summary>
    SkipBlockZeroing = 1,

    /// <summary><c>ignore_discard</c>: discards are ignored.</summary>
    IgnoreDiscard = 2,

    /// <summary><c>no_discard_passdown</c>: discards are not passed to the data device.</summary>
    NoDiscardPassdown = 4,

    /// <summary><c>read_only</c>: the pool refuses changes.</summary>
    ReadOnly = 8,

    /// <summary><c>error_if_no_space</c>: fail writes at once when data space runs out.</summary>
    ErrorIfNoSpace = 16,
}
