namespace ThinPool.Engine;

/// <summary>
/// The metadata is damaged or is not dm-thin metadata: a checksum, a block number, a magic
/// number, a node header or a reference count is wrong. The pool must not be used until it has
/// been checked and repaired.
/// </summary>
public class MetadataCorruptException : ThinPoolException
{
    /// <summary>Creates the exception for a damaged metadata block.</summary>
    /// <param name="block">The metadata block (4 KiB units) where the damage was found.</param>
    /// <param name="what">What is wrong with it, e.g. "bad checksum in btree node".</param>
    public MetadataCorruptException(ulong block, string what)
        : this(block, what, null)
    {
    }

    /// <summary>Creates the exception for a damaged metadata block, keeping the cause.</summary>
    /// <param name="block">The metadata block (4 KiB units) where the damage was found.</param>
    /// <param name="what">What is wrong with it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public MetadataCorruptException(ulong block, string what, Exception? innerException)
        : base($"Metadata block {block} is corrupt: {what}. Run a metadata check before using "
               + "the pool again.", innerException)
    {
        Block = block;
        What = what;
    }

    /// <summary>The metadata block number (4 KiB units) where the damage was found.</summary>
    public ulong Block { get; }

    /// <summary>A short description of what is wrong with <see cref="Block"/>.</summary>
    public string What { get; }
}
