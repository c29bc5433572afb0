using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

/// <summary>Codec of the 24-byte device details value (spec 6.3).</summary>
internal static class DeviceDetails
{
    public const int Size = 24;

    public static ThinDeviceInfo Read(ulong deviceId, ReadOnlySpan<byte> value)
        => new(deviceId,
               BinaryPrimitives.ReadUInt64LittleEndian(value),
               BinaryPrimitives.ReadUInt64LittleEndian(value[8..]),
               BinaryPrimitives.ReadUInt32LittleEndian(value[16..]),
               BinaryPrimitives.ReadUInt32LittleEndian(value[20..]));

    public static void Write(ThinDeviceInfo info, Span<byte> value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(value, info.MappedBlocks);
        BinaryPrimitives.WriteUInt64LittleEndian(value[8..], info.TransactionId);
        BinaryPrimitives.WriteUInt32LittleEndian(value[16..], info.CreationTime);
        BinaryPrimitives.WriteUInt32LittleEndian(value[20..], info.SnapshottedTime);
    }
}
