namespace ThinPool.Engine;

/// <summary>A read or write reached past the end of a block device.</summary>
public class EndOfDeviceException : ThinPoolException
{
    /// <summary>Creates the exception for an access beyond the device's length.</summary>
    /// <param name="offset">Byte offset of the access.</param>
    /// <param name="count">Number of bytes accessed.</param>
    /// <param name="length">Length of the device in bytes.</param>
    public EndOfDeviceException(long offset, long count, long length)
        : base($"Access of {count} bytes at offset {offset} is past the end of the device "
               + $"({length} bytes).")
    {
        Offset = offset;
        Count = count;
        DeviceLength = length;
    }

    /// <summary>Byte offset of the access.</summary>
    public long Offset { get; }

    /// <summary>Number of bytes accessed.</summary>
    public long Count { get; }

    /// <summary>Length of the device in bytes.</summary>
    public long DeviceLength { get; }
}
