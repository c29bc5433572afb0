using System.Buffers.Binary;
using System.Numerics;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// Two-bit reference-count entries of a space-map bitmap block (spec 7.1). Entry j sits in the
/// little-endian u64 at byte 16 + 8*(j/32), bits 2*(j%32) and 2*(j%32)+1, and the
/// lower-numbered bit is the high-order bit of the value (so four entries of 1 make 0xAA).
/// </summary>
public static class Bitmap
{
    private const int HeaderSize = 16;
    private const ulong LowBits = 0x5555555555555555UL;

    /// <summary>Reads entry <paramref name="index"/> (0..3).</summary>
    /// <param name="block">The bitmap block.</param>
    /// <param name="index">Entry index within the block.</param>
    /// <returns>0, 1, 2 or 3 (3 = look in the ref-count tree).</returns>
    public static uint Get(ReadOnlySpan<byte> block, int index)
    {
        byte b = block[HeaderSize + (index >> 2)];
        int shift = 2 * (index & 3);
        uint high = (uint)(b >> shift) & 1;
        uint low = (uint)(b >> (shift + 1)) & 1;
        return (high << 1) | low;
    }

    /// <summary>Writes entry <paramref name="index"/>.</summary>
    /// <param name="block">The bitmap block.</param>
    /// <param name="index">Entry index within the block.</param>
    /// <param name="value">0..3.</param>
    public static void Set(Span<byte> block, int index, uint value)
    {
        ref byte b = ref block[HeaderSize + (index >> 2)];
        int shift = 2 * (index & 3);
        int bits = (int)(((value >> 1) & 1) | ((value & 1) << 1)) << shift;
        b = (byte)((b & ~(3 << shift)) | bits);
    }

    /// <summary>Index of the first zero entry in [begin, end), or -1.</summary>
    /// <param name="block">The bitmap block.</param>
    /// <param name="begin">First entry to consider.</param>
    /// <param name="end">One past the last entry to consider.</param>
    /// <returns>The entry index or -1.</returns>
    public static int FindFree(ReadOnlySpan<byte> block, int begin, int end)
    {
        int word = begin >> 5;
        int lastWord = (end - 1) >> 5;
        for (; word <= lastWord; word++)
        {
            ulong w = BinaryPrimitives.ReadUInt64LittleEndian(block[(HeaderSize + (8 * word))..]);
            ulong free = ~(w | (w >> 1)) & LowBits;
            if (word == begin >> 5)
            {
                free &= ~0UL << (2 * (begin & 31));
            }

            if (free == 0)
            {
                continue;
            }

            int index = (word << 5) + (BitOperations.TrailingZeroCount(free) >> 1);
            return index < end ? index : -1;
        }

        return -1;
    }
}
