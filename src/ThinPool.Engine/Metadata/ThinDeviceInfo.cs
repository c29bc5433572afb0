namespace ThinPool.Engine.Metadata;

/// <summary>The details record of one thin device (spec 6.3).</summary>
/// <param name="DeviceId">Thin device id (0 ..= 2^24-1).</param>
/// <param name="MappedBlocks">Number of provisioned (mapped) virtual blocks.</param>
/// <param name="TransactionId">Pool transaction id when the device was created.</param>
/// <param name="CreationTime">Pool time when the device was created.</param>
/// <param name="SnapshottedTime">Pool time of the latest snapshot the device took part in.</param>
public readonly record struct ThinDeviceInfo(ulong DeviceId, ulong MappedBlocks,
    ulong TransactionId, uint CreationTime, uint SnapshottedTime);
