namespace ThinPool.Engine.Metadata;

/// <summary>
/// Constants of the kernel's dm-thin metadata format (docs: dm-thin-metadata-format.md,
/// sections 2-7). Public so that checkers and tools can read raw blocks without the engine.
/// </summary>
public static class MetadataFormat
{
    /// <summary>Size of every metadata block in bytes.</summary>
    public const int BlockSize = 4096;

    /// <summary>Metadata block size in 512-byte sectors, as the superblock records it.</summary>
    public const uint BlockSizeSectors = 8;

    /// <summary>Superblock magic number.</summary>
    public const ulong SuperblockMagic = 27022010;

    /// <summary>Metadata version written by the kernel and by this engine.</summary>
    public const uint Version = 2;

    /// <summary>Two-bit entries per space-map bitmap block.</summary>
    public const int EntriesPerBitmap = (BlockSize - 16) * 4;

    /// <summary>Most bitmaps the metadata space map's single index block can hold.</summary>
    public const int MaxMetadataBitmaps = 255;

    /// <summary>Largest number of metadata blocks a pool can use.</summary>
    public const ulong MaxMetadataBlocks = (ulong)MaxMetadataBitmaps * EntriesPerBitmap;

    /// <summary>Smallest data block size in sectors (64 KiB).</summary>
    public const uint MinDataBlockSizeSectors = 128;

    /// <summary>Largest data block size in sectors (1 GiB).</summary>
    public const uint MaxDataBlockSizeSectors = 2097152;

    /// <summary>Largest thin device id the kernel's message parser accepts.</summary>
    public const ulong MaxDeviceId = (1UL << 24) - 1;

    /// <summary>Largest data block number a mapping can hold (40 bits).</summary>
    public const ulong MaxDataBlock = (1UL << 40) - 1;

    /// <summary>Superblock flag bit: the metadata must be checked before read-write use.</summary>
    public const uint NeedsCheckFlag = 1;

    /// <summary>Bytes of the superblock that carry data (the rest of block 0 is zero).</summary>
    public const int SuperblockPayload = 364;

    /// <summary>Checksum xor constant of superblocks (also the held copy).</summary>
    public const uint SuperblockChecksumXor = 160774;

    /// <summary>Checksum xor constant of btree nodes.</summary>
    public const uint NodeChecksumXor = 121107;

    /// <summary>Checksum xor constant of space-map bitmap blocks.</summary>
    public const uint BitmapChecksumXor = 240779;

    /// <summary>Checksum xor constant of the metadata space map's index block.</summary>
    public const uint IndexChecksumXor = 160478;

    /// <summary>Btree node flag: internal node.</summary>
    public const uint InternalNodeFlag = 1;

    /// <summary>Btree node flag: leaf node.</summary>
    public const uint LeafNodeFlag = 2;

    /// <summary>Size of a btree node header in bytes.</summary>
    public const int NodeHeaderSize = 32;

    /// <summary>
    /// Entries a btree node holds for values of <paramref name="valueSize"/> bytes: as many as
    /// fit, rounded down to a multiple of 3 (the kernel's rule; thin_check rejects others).
    /// </summary>
    /// <param name="valueSize">Bytes per value.</param>
    /// <returns>The node's max_entries.</returns>
    public static int MaxEntries(int valueSize)
        => (BlockSize - NodeHeaderSize) / (8 + valueSize) / 3 * 3;
}
