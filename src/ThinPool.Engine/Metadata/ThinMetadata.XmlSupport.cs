using ThinPool.Engine.IO;

namespace ThinPool.Engine.Metadata;

// Added for ThinXml (engine2 branch): the held metadata snapshot is committed and immutable
// while held, so thin_dump -m style export reads it straight from the device.
public sealed partial class ThinMetadata
{
    /// <summary>The metadata device this instance reads and writes.</summary>
    internal IBlockDevice MetadataDevice => _device;
}
