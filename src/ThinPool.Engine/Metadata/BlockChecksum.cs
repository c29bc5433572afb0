using System.Buffers.Binary;
using System.Numerics;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// The metadata block checksum (spec section 3): CRC-32C of bytes 4..4095 without the final
/// inversion, xor a per-type constant, stored little-endian in bytes 0..3. Uses the CPU's CRC32C
/// instruction through <see cref="BitOperations.Crc32C(uint, ulong)"/>.
/// </summary>
public static class BlockChecksum
{
    /// <summary>The checksum xor constant of a block type.</summary>
    /// <param name="kind">The block type.</param>
    /// <returns>Its K_type constant.</returns>
    public static uint XorOf(MetadataBlockKind kind) => kind switch
    {
        MetadataBlockKind.Superblock => MetadataFormat.SuperblockChecksumXor,
        MetadataBlockKind.Node => MetadataFormat.NodeChecksumXor,
        MetadataBlockKind.Bitmap => MetadataFormat.BitmapChecksumXor,
        MetadataBlockKind.Index => MetadataFormat.IndexChecksumXor,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The CRC-32C register after <paramref name="data"/>, from 0xFFFFFFFF, not
    /// inverted at the end.</summary>
    /// <param name="data">Bytes to process.</param>
    /// <returns>The register value.</returns>
    public static uint Crc32CRegister(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    /// <summary>Computes the checksum a block of the given type should carry.</summary>
    /// <param name="block">The whole 4096-byte block.</param>
    /// <param name="kind">Its type.</param>
    /// <returns>The checksum for bytes 0..3.</returns>
    public static uint Compute(ReadOnlySpan<byte> block, MetadataBlockKind kind)
        => Crc32CRegister(block[4..MetadataFormat.BlockSize]) ^ XorOf(kind);

    /// <summary>The checksum stored in bytes 0..3 of a block.</summary>
    /// <param name="block">The block.</param>
    /// <returns>The stored checksum.</returns>
    public static uint Stored(ReadOnlySpan<byte> block) => BinaryPrimitives.ReadUInt32LittleEndian(block);

    /// <summary>
    /// Prepares a block for writing the kernel's way: stores its own location in bytes 8..15,
    /// then the checksum in bytes 0..3.
    /// </summary>
    /// <param name="block">The whole block (modified).</param>
    /// <param name="location">The block number it will be written at.</param>
    /// <param name="kind">Its type.</param>
    public static void Seal(Span<byte> block, ulong location, MetadataBlockKind kind)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(block[8..], location);
        BinaryPrimitives.WriteUInt32LittleEndian(block, Compute(block, kind));
    }
}
