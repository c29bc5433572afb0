using System.Buffers.Binary;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;

namespace ThinPool.Engine.Tests.Check;

/// <summary>Loads sample images into memory and corrupts them in targeted ways.</summary>
internal static class CheckImages
{
    public const int BlockSize = 4096;
    public const uint NodeXor = 121107;
    public const uint BitmapXor = 240779;
    public const uint SuperblockXor = 160774;

    public static MemoryBlockDevice Load(string sample)
    {
        var bytes = File.ReadAllBytes(OracleTools.SamplePath(sample));
        var device = new MemoryBlockDevice(bytes.Length);
        device.Write(0, bytes);
        return device;
    }

    public static byte[] ReadBlock(IBlockDevice device, ulong block)
    {
        var buffer = new byte[BlockSize];
        device.Read((long)block * BlockSize, buffer);
        return buffer;
    }

    /// <summary>Writes a block back with its checksum recomputed, so only the change is wrong.</summary>
    public static void WriteBlock(IBlockDevice device, ulong block, byte[] buffer, uint typeXor)
    {
        uint csum = MetadataChecker.ComputeChecksum(buffer.AsSpan(4), typeXor);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, csum);
        device.Write((long)block * BlockSize, buffer);
    }

    /// <summary>The checksum constant a block was sealed with, or null for a free block.</summary>
    public static uint? KindOf(byte[] block)
    {
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(block);
        foreach (uint kind in new uint[] { SuperblockXor, NodeXor, BitmapXor, 160478 })
        {
            if (MetadataChecker.ComputeChecksum(block.AsSpan(4), kind) == stored)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>Sets bitmap entry <paramref name="entry"/> of a bitmap block to a 2-bit value.</summary>
    public static void SetBitmapEntry(byte[] bitmap, int entry, int value)
    {
        int shift = 2 * (entry % 4);
        int bits = ((value >> 1) & 1) | ((value & 1) << 1);
        ref byte b = ref bitmap[16 + entry / 4];
        b = (byte)((b & ~(3 << shift)) | (bits << shift));
    }

    public static void SaveTo(IBlockDevice device, string path)
    {
        var bytes = new byte[device.Length];
        device.Read(0, bytes);
        File.WriteAllBytes(path, bytes);
    }
}
