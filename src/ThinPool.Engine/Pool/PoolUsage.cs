namespace ThinPool.Engine.Pool;

/// <summary>What a backend reports about its pool's space and transaction, in raw units.</summary>
/// <param name="TransactionId">The metadata's userspace transaction id.</param>
/// <param name="BlockBytes">The data block size in bytes.</param>
/// <param name="DataBlocks">Data blocks in the pool.</param>
/// <param name="DataBlocksUsed">Data blocks allocated.</param>
/// <param name="MetadataBlocks">Metadata blocks (4 KiB) in the pool.</param>
/// <param name="MetadataBlocksUsed">Metadata blocks allocated.</param>
/// <param name="HeldRoot">The held metadata snapshot's block, or null.</param>
/// <param name="NeedsCheck">Whether the metadata asks for a check.</param>
internal readonly record struct PoolUsage(ulong TransactionId, long BlockBytes, ulong DataBlocks,
    ulong DataBlocksUsed, ulong MetadataBlocks, ulong MetadataBlocksUsed, ulong? HeldRoot,
    bool NeedsCheck);
