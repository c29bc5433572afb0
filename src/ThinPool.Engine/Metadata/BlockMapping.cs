namespace ThinPool.Engine.Metadata;

/// <summary>One provisioned block of a thin device.</summary>
/// <param name="VirtualBlock">Block number within the thin device (data-block units).</param>
/// <param name="DataBlock">Block of the data device that holds it.</param>
/// <param name="Time">Pool time when the mapping was made (24 bits).</param>
public readonly record struct BlockMapping(ulong VirtualBlock, ulong DataBlock, uint Time);
