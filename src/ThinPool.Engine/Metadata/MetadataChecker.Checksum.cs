using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace ThinPool.Engine.Metadata;

// The checker keeps its own CRC-32C so that it stays independent of the engine's writer.
public sealed partial class MetadataChecker
{
    /// <summary>A block checksum as the checker computes it (bytes 4..4095, type constant).</summary>
    internal static uint ComputeChecksum(ReadOnlySpan<byte> bytes, uint typeXor) =>
        Checksum.Compute(bytes, typeXor);

    private static class Checksum
    {
        private static readonly uint[] Table = BuildTable();

        /// <summary>
        /// CRC-32C register (initial 0xFFFFFFFF, no final inversion) of <paramref name="bytes"/>,
        /// XORed with the block type's constant (spec section 3).
        /// </summary>
        public static uint Compute(ReadOnlySpan<byte> bytes, uint typeXor) =>
            Register(bytes) ^ typeXor;

        private static uint Register(ReadOnlySpan<byte> bytes)
        {
            uint crc = 0xFFFFFFFF;
            if (Sse42.X64.IsSupported)
            {
                ulong wide = crc;
                while (bytes.Length >= 8)
                {
                    wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
                    bytes = bytes[8..];
                }

                crc = (uint)wide;
            }

            foreach (byte b in bytes)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return crc;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? (c >> 1) ^ 0x82F63B78 : c >> 1;
                }

                table[i] = c;
            }

            return table;
        }
    }
}
