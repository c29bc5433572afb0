namespace ThinPool.Engine.Metadata;

/// <summary>
/// Reference counts of a set of blocks (metadata blocks or data blocks), changed within the
/// current transaction and made durable by the owner's commit.
/// </summary>
internal interface ISpaceMap
{
    ulong BlockCount { get; }

    /// <summary>Blocks with a count above zero, as of now.</summary>
    ulong AllocatedCount { get; }

    uint GetCount(ulong block);

    bool CountIsMoreThanOne(ulong block);

    void Inc(ulong block);

    void Dec(ulong block);

    /// <summary>Allocates a block free now and at the last commit, with count 1.</summary>
    ulong NewBlock();
}
