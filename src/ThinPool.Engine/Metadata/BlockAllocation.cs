namespace ThinPool.Engine.Metadata;

/// <summary>The result of <see cref="ThinMetadata.Map"/>: where to write a virtual block.</summary>
/// <param name="DataBlock">The data block to write.</param>
/// <param name="CopyFrom">When sharing was broken, the old data block whose bytes must be
/// copied into <paramref name="DataBlock"/> before a partial write; otherwise null.</param>
/// <param name="IsNew">False when the block was mapped and not shared (write in place); true
/// when <paramref name="DataBlock"/> was just allocated.</param>
public readonly record struct BlockAllocation(ulong DataBlock, ulong? CopyFrom, bool IsNew);
