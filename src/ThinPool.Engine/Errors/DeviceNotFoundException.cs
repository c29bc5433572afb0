namespace ThinPool.Engine;

/// <summary>No thin device with the requested id exists in the pool.</summary>
public class DeviceNotFoundException : ThinOperationException
{
    /// <summary>Creates the exception for an unknown id.</summary>
    /// <param name="deviceId">The thin device id that was not found.</param>
    public DeviceNotFoundException(ulong deviceId)
        : base($"Thin device {deviceId} does not exist in this pool.")
    {
        DeviceId = deviceId;
    }

    /// <summary>The thin device id that was not found.</summary>
    public ulong DeviceId { get; }
}
