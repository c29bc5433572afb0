using ThinPool.Engine.IO;

namespace ThinPool.Engine.Metadata;

/// <summary>
/// The XML form of thin metadata that thin_dump writes and thin_restore reads
/// (thin-provisioning-tools 0.9.0, format spec section 13).
/// </summary>
/// <remarks>
/// <see cref="Export(ThinMetadata, TextWriter, bool)"/> writes exactly the bytes thin_dump 0.9.0
/// writes. <see cref="Import"/> validates the whole document before it writes a single block,
/// then lays the metadata out bottom-up in one sequential pass (full leaves, no per-mapping tree
/// inserts), so it is much faster than inserting mapping by mapping. The layout differs from
/// thin_restore's (block numbers, node fill) but describes the same devices and mappings with
/// the same counts; thin_dump prints both identically. Like thin_restore, an import shares no
/// nodes between devices, and the superblock version is always 2.
/// </remarks>
public static partial class ThinXml
{
    /// <summary>Writes <paramref name="metadata"/> as thin_dump XML.</summary>
    /// <param name="metadata">Open metadata; its current (possibly uncommitted) state is written.</param>
    /// <param name="writer">Where the XML goes; it is not closed.</param>
    /// <param name="metadataSnapshot">
    /// Write the held metadata snapshot instead of the live state, as <c>thin_dump -m</c> does
    /// (then <c>nr_data_blocks</c> is 0).
    /// </param>
    /// <exception cref="MetadataSnapshotException">No metadata snapshot is held.</exception>
    /// <exception cref="MetadataCorruptException">The held snapshot cannot be read.</exception>
    public static void Export(ThinMetadata metadata, TextWriter writer, bool metadataSnapshot = false)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(writer);
        if (metadataSnapshot)
        {
            ulong held = metadata.HeldRoot ?? throw new MetadataSnapshotException(
                "No metadata snapshot is held; reserve one before exporting it.");
            new DiskReader(metadata.MetadataDevice).Export(writer, held);
            return;
        }

        var header = new XmlHeader(metadata.Time, metadata.TransactionId,
            metadata.NeedsCheck ? 1u : 0u, 2, metadata.DataBlockSizeSectors, metadata.DataBlockCount);
        var xml = new XmlOut(writer);
        xml.BeginSuperblock(header);
        foreach (var device in metadata.Devices)
        {
            xml.BeginDevice(device);
            foreach (var mapping in metadata.GetMappings(device.DeviceId))
            {
                xml.Mapping(mapping);
            }

            xml.EndDevice();
        }

        xml.EndSuperblock();
    }

    /// <summary>
    /// Writes the committed metadata on <paramref name="metadata"/> as thin_dump XML, reading
    /// the blocks directly (no <see cref="ThinMetadata"/> needed).
    /// </summary>
    /// <param name="metadata">The metadata device; only read.</param>
    /// <param name="writer">Where the XML goes; it is not closed.</param>
    /// <param name="metadataSnapshot">Write the held metadata snapshot instead.</param>
    /// <exception cref="MetadataCorruptException">A block on the way is damaged.</exception>
    /// <exception cref="MetadataSnapshotException">No metadata snapshot is held.</exception>
    public static void Export(IBlockDevice metadata, TextWriter writer, bool metadataSnapshot = false)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(writer);
        var reader = new DiskReader(metadata);
        ulong superblock = 0;
        if (metadataSnapshot)
        {
            superblock = reader.HeldRoot();
            if (superblock == 0)
            {
                throw new MetadataSnapshotException("No metadata snapshot is held.");
            }
        }

        reader.Export(writer, superblock);
    }

    /// <summary>
    /// Builds metadata from thin_dump XML on <paramref name="metadata"/>, commits it and opens it.
    /// </summary>
    /// <param name="reader">The XML document.</param>
    /// <param name="metadata">
    /// The metadata device; its size decides the metadata space map size (as for
    /// <see cref="ThinMetadata.Format"/>). Whatever it held is replaced.
    /// </param>
    /// <returns>The imported metadata, open and committed.</returns>
    /// <exception cref="ThinXmlException">
    /// The document is invalid; the exception names the line. Nothing was written.
    /// </exception>
    /// <exception cref="OutOfMetadataSpaceException">
    /// The metadata device is too small for the document. Nothing was written.
    /// </exception>
    public static ThinMetadata Import(TextReader reader, IBlockDevice metadata)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(metadata);
        WriteImage(reader, metadata);
        return ThinMetadata.Open(metadata);
    }

    /// <summary>Validates the document, then writes and flushes the complete image.</summary>
    internal static void WriteImage(TextReader reader, IBlockDevice metadata)
    {
        var document = Parser.Parse(reader);
        var builder = new ImageBuilder(document, metadata);
        builder.Validate();
        builder.Write();
    }
}
