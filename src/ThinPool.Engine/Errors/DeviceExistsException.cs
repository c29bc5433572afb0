namespace ThinPool.Engine;

/// <summary>A thin device with the requested id already exists in the pool.</summary>
public class DeviceExistsException : ThinOperationException
{
    /// <summary>Creates the exception for an id that is already in use.</summary>
    /// <param name="deviceId">The thin device id that is taken.</param>
    public DeviceExistsException(ulong deviceId)
        : base($"Thin device {deviceId} already exists; choose another device id.")
    {
        DeviceId = deviceId;
    }

    /// <summary>The thin device id that is taken.</summary>
    public ulong DeviceId { get; }
}
