namespace ThinPool.Engine.Lvm;

/// <summary>A filesystem, RAID, partition-table or LVM signature found on a device.</summary>
/// <param name="Device">The device the signature was found on.</param>
/// <param name="OffsetBytes">Where the magic lies, from the start of the device.</param>
/// <param name="Type">What it is, as wipefs names it (<c>ext4</c>, <c>LVM2_member</c>,
/// <c>gpt</c>, ...).</param>
/// <param name="Uuid">The filesystem or volume uuid, when it has one.</param>
/// <param name="Label">The label, when it has one.</param>
public sealed record DeviceSignature(string Device, long OffsetBytes, string Type, string? Uuid,
    string? Label);
