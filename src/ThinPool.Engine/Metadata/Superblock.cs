using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// The dm-thin superblock (spec 4): block 0, or a held copy made by
/// <see cref="ThinMetadata.ReserveMetadataSnapshot"/>. Decoding checks nothing; see
/// <see cref="ThinMetadata.Open"/> for validation.
/// </summary>
public sealed class Superblock
{
    /// <summary>Flags; bit 0 is NEEDS_CHECK.</summary>
    public uint Flags { get; set; }

    /// <summary>The block number recorded in the block itself.</summary>
    public ulong Location { get; set; }

    /// <summary>16 bytes of uuid; the kernel writes zeros.</summary>
    public byte[] Uuid { get; set; } = new byte[16];

    /// <summary>Magic number, <see cref="MetadataFormat.SuperblockMagic"/> when valid.</summary>
    public ulong Magic { get; set; } = MetadataFormat.SuperblockMagic;

    /// <summary>Metadata format version.</summary>
    public uint Version { get; set; } = MetadataFormat.Version;

    /// <summary>The pool's snapshot time counter.</summary>
    public uint Time { get; set; }

    /// <summary>The userspace transaction id.</summary>
    public ulong TransactionId { get; set; }

    /// <summary>Block of the held superblock copy, 0 when none.</summary>
    public ulong HeldRoot { get; set; }

    /// <summary>Root blob of the data space map (zeros in a held copy).</summary>
    public SpaceMapRoot DataSpaceMap { get; set; }

    /// <summary>Root blob of the metadata space map (zeros in a held copy).</summary>
    public SpaceMapRoot MetadataSpaceMap { get; set; }

    /// <summary>Root of the two-level mapping tree.</summary>
    public ulong DataMappingRoot { get; set; }

    /// <summary>Root of the device details tree.</summary>
    public ulong DeviceDetailsRoot { get; set; }

    /// <summary>Data block size in sectors.</summary>
    public uint DataBlockSize { get; set; }

    /// <summary>Metadata block size in sectors (8).</summary>
    public uint MetadataBlockSize { get; set; } = MetadataFormat.BlockSizeSectors;

    /// <summary>Metadata device size in blocks, as recorded at format.</summary>
    public ulong MetadataBlockCount { get; set; }

    /// <summary>Compatible feature flags.</summary>
    public uint CompatFlags { get; set; }

    /// <summary>Read-only-compatible feature flags (refuse writing when set).</summary>
    public uint CompatReadOnlyFlags { get; set; }

    /// <summary>Incompatible feature flags (refuse opening when set).</summary>
    public uint IncompatFlags { get; set; }

    /// <summary>Decodes a superblock.</summary>
    /// <param name="block">The 4096-byte block.</param>
    /// <returns>The fields.</returns>
    public static Superblock Read(ReadOnlySpan<byte> block) => new()
    {
        Flags = BinaryPrimitives.ReadUInt32LittleEndian(block[4..]),
        Location = BinaryPrimitives.ReadUInt64LittleEndian(block[8..]),
        Uuid = block.Slice(16, 16).ToArray(),
        Magic = BinaryPrimitives.ReadUInt64LittleEndian(block[32..]),
        Version = BinaryPrimitives.ReadUInt32LittleEndian(block[40..]),
        Time = BinaryPrimitives.ReadUInt32LittleEndian(block[44..]),
        TransactionId = BinaryPrimitives.ReadUInt64LittleEndian(block[48..]),
        HeldRoot = BinaryPrimitives.ReadUInt64LittleEndian(block[56..]),
        DataSpaceMap = SpaceMapRoot.Read(block[64..]),
        MetadataSpaceMap = SpaceMapRoot.Read(block[192..]),
        DataMappingRoot = BinaryPrimitives.ReadUInt64LittleEndian(block[320..]),
        DeviceDetailsRoot = BinaryPrimitives.ReadUInt64LittleEndian(block[328..]),
        DataBlockSize = BinaryPrimitives.ReadUInt32LittleEndian(block[336..]),
        MetadataBlockSize = BinaryPrimitives.ReadUInt32LittleEndian(block[340..]),
        MetadataBlockCount = BinaryPrimitives.ReadUInt64LittleEndian(block[344..]),
        CompatFlags = BinaryPrimitives.ReadUInt32LittleEndian(block[352..]),
        CompatReadOnlyFlags = BinaryPrimitives.ReadUInt32LittleEndian(block[356..]),
        IncompatFlags = BinaryPrimitives.ReadUInt32LittleEndian(block[360..]),
    };

    /// <summary>Encodes the fields into bytes 4..363 of <paramref name="block"/> (the rest of
    /// the block is zeroed; checksum and location are set when the block is written).</summary>
    /// <param name="block">A 4096-byte buffer.</param>
    public void Write(Span<byte> block)
    {
        block[..MetadataFormat.BlockSize].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(block[4..], Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(block[8..], Location);
        Uuid.AsSpan(0, Math.Min(16, Uuid.Length)).CopyTo(block[16..]);
        BinaryPrimitives.WriteUInt64LittleEndian(block[32..], Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(block[40..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(block[44..], Time);
        BinaryPrimitives.WriteUInt64LittleEndian(block[48..], TransactionId);
        BinaryPrimitives.WriteUInt64LittleEndian(block[56..], HeldRoot);
        DataSpaceMap.Write(block[64..]);
        MetadataSpaceMap.Write(block[192..]);
        BinaryPrimitives.WriteUInt64LittleEndian(block[320..], DataMappingRoot);
        BinaryPrimitives.WriteUInt64LittleEndian(block[328..], DeviceDetailsRoot);
        BinaryPrimitives.WriteUInt32LittleEndian(block[336..], DataBlockSize);
        BinaryPrimitives.WriteUInt32LittleEndian(block[340..], MetadataBlockSize);
        BinaryPrimitives.WriteUInt64LittleEndian(block[344..], MetadataBlockCount);
        BinaryPrimitives.WriteUInt32LittleEndian(block[352..], CompatFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(block[356..], CompatReadOnlyFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(block[360..], IncompatFlags);
    }

    /// <summary>A field-by-field copy.</summary>
    /// <returns>The copy.</returns>
    public Superblock Clone()
    {
        var copy = (Superblock)MemberwiseClone();
        copy.Uuid = (byte[])Uuid.Clone();
        return copy;
    }
}
