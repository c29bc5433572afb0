namespace ThinPool.Engine.Pool;

/// <summary>
/// The result of copying a volume to or from an image, block by block: how many blocks were
/// written, how many were left alone because they already held the same bytes (or were zero),
/// and how many were unmapped because the image was zero there.
/// </summary>
public sealed class ThinVolumeTransfer
{
    internal ThinVolumeTransfer(TransferDirection direction, string pool, string volume,
        string path, long sizeBytes, long blockBytes, long written, long unchanged,
        long discarded, long dataBlocksAllocated)
    {
        Direction = direction;
        Pool = pool;
        Volume = volume;
        Path = path;
        SizeBytes = sizeBytes;
        BlockSizeBytes = blockBytes;
        BlocksWritten = written;
        BlocksUnchanged = unchanged;
        BlocksDiscarded = discarded;
        DataBlocksAllocated = dataBlocksAllocated;
    }

    /// <summary>Import or Export.</summary>
    public TransferDirection Direction { get; }

    /// <summary>The pool.</summary>
    public string Pool { get; }

    /// <summary>The volume.</summary>
    public string Volume { get; }

    /// <summary>The image file.</summary>
    public string Path { get; }

    /// <summary>Bytes covered by the copy (the image or volume size).</summary>
    public long SizeBytes { get; }

    /// <summary>The block size the copy worked in.</summary>
    public long BlockSizeBytes { get; }

    /// <summary>Blocks written to the destination.</summary>
    public long BlocksWritten { get; }

    /// <summary>Blocks skipped: zero in a sparse destination, or already equal.</summary>
    public long BlocksUnchanged { get; }

    /// <summary>Volume blocks unmapped because the image is zero there (import only).</summary>
    public long BlocksDiscarded { get; }

    /// <summary>Pool data blocks newly allocated by the copy (new blocks and copy-on-write
    /// breaks of shared blocks); negative when it freed more than it took.</summary>
    public long DataBlocksAllocated { get; }

    /// <summary>Bytes written to the destination.</summary>
    public long BytesWritten => BlocksWritten * BlockSizeBytes;

    /// <inheritdoc/>
    public override string ToString() => $"{Direction} {Pool}/{Volume} {Path}";
}
