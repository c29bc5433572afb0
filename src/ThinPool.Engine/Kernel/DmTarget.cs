namespace ThinPool.Engine.Kernel;

/// <summary>
/// One line of a device-mapper table or status: a sector range, the target type and its
/// parameter (or status) text.
/// </summary>
/// <param name="StartSector">The first sector of the range, in 512-byte sectors.</param>
/// <param name="LengthSectors">The range length in 512-byte sectors.</param>
/// <param name="TargetType">The target type, e.g. <c>thin-pool</c>.</param>
/// <param name="Parameters">The table parameters, or the status text.</param>
public sealed record DmTarget(ulong StartSector, ulong LengthSectors, string TargetType,
    string Parameters)
{
    /// <summary>The line as <c>dmsetup table</c> prints it.</summary>
    public override string ToString() =>
        $"{StartSector} {LengthSectors} {TargetType} {Parameters}".TrimEnd();
}
