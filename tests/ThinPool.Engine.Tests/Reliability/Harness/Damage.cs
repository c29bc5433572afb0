using System.Buffers.Binary;
using System.Numerics;

namespace ThinPool.Engine.Tests.Reliability;

/// <summary>The kinds of damage the corruption cases do to a metadata image.</summary>
public enum DamageKind
{
    /// <summary>One to three bits flipped in one block in use (checksums left stale).</summary>
    BitFlip,

    /// <summary>The image cut short at a random byte (not always a block boundary).</summary>
    Truncation,

    /// <summary>Bits flipped in a block in use and its checksum recomputed, as a buggy writer
    /// would leave it: only structural checks can notice.</summary>
    ResealedFlip,
}

/// <summary>Damages metadata images; every choice comes from the given random source.</summary>
public static class Damage
{
    private const int BlockSize = 4096;
    private static readonly uint[] ChecksumXors = { 160774, 121107, 240779, 160478 };

    /// <summary>Returns a damaged copy of <paramref name="image"/> and a description.</summary>
    public static (byte[] Image, string What) Apply(byte[] image, IReadOnlyList<ulong> usedBlocks,
                                                    DamageKind kind, Random random)
    {
        if (kind == DamageKind.Truncation)
        {
            long usedEnd = ((long)usedBlocks.Max() + 1) * BlockSize;
            int length = random.Next(3) == 0
                ? random.Next((int)usedEnd / BlockSize) * BlockSize
                : random.Next((int)usedEnd);
            return (image[..length], $"truncated to {length} bytes");
        }

        var copy = (byte[])image.Clone();
        ulong block = random.Next(5) == 0 ? 0 : usedBlocks[random.Next(usedBlocks.Count)];
        var bytes = copy.AsSpan((int)block * BlockSize, BlockSize);
        uint? xor = kind == DamageKind.ResealedFlip ? KindOf(bytes) : null;
        int bits = random.Next(1, 4);
        var flipped = new List<int>();
        for (int i = 0; i < bits; i++)
        {
            // Resealed flips aim past the checksum field: flipping it would only be undone.
            int bit = kind == DamageKind.ResealedFlip ? random.Next(32, BlockSize * 8)
                : random.Next(BlockSize * 8);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            flipped.Add(bit);
        }

        if (xor is { } x)
        {
            Seal(bytes, x);
        }

        return (copy, $"{kind} of block {block} at bits {string.Join(",", flipped)}");
    }

    /// <summary>The dm checksum of a block (CRC-32C of bytes 4.. with the kind's xor).</summary>
    public static uint Checksum(ReadOnlySpan<byte> block, uint xor)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in block[4..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc ^ xor;
    }

    private static uint? KindOf(ReadOnlySpan<byte> block)
    {
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(block);
        foreach (uint xor in ChecksumXors)
        {
            if (Checksum(block, xor) == stored)
            {
                return xor;
            }
        }

        return null;
    }

    private static void Seal(Span<byte> block, uint xor) =>
        BinaryPrimitives.WriteUInt32LittleEndian(block, Checksum(block, xor));
}
