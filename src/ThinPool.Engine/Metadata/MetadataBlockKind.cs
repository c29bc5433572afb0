namespace ThinPool.Engine.Metadata;

/// <summary>The four checksummed block types of dm-thin metadata.</summary>
public enum MetadataBlockKind
{
    /// <summary>Superblock (block 0) or the held superblock copy.</summary>
    Superblock,

    /// <summary>A btree node of any tree.</summary>
    Node,

    /// <summary>A space-map bitmap block.</summary>
    Bitmap,

    /// <summary>The metadata space map's index block.</summary>
    Index,
}
