using System.Buffers.Binary;
using ThinPool.Engine.IO;

namespace ThinPool.Engine.Metadata;

// Reads committed trees straight from the device: used for the held metadata snapshot, which
// ThinMetadata does not walk, and for dumping an image nobody has opened.
public static partial class ThinXml
{
    private sealed class DiskReader
    {
        private const int BlockSize = 4096;
        private const int MaxDepth = 48;

        private readonly IBlockDevice _device;
        private readonly byte[][] _buffers = new byte[MaxDepth + 1][];

        public DiskReader(IBlockDevice device) => _device = device;

        private delegate void EntryHandler(ulong key, ReadOnlySpan<byte> value);

        public ulong HeldRoot() => BinaryPrimitives.ReadUInt64LittleEndian(ReadSuperblock(0).AsSpan(56));

        public void Export(TextWriter writer, ulong superblockBlock)
        {
            var sb = ReadSuperblock(superblockBlock);
            var header = new XmlHeader(
                Time: BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(44)),
                TransactionId: BinaryPrimitives.ReadUInt64LittleEndian(sb.AsSpan(48)),
                Flags: BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(4)),
                Version: BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(40)),
                DataBlockSize: BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(336)),
                NrDataBlocks: BinaryPrimitives.ReadUInt64LittleEndian(sb.AsSpan(64)));
            ulong mappingRoot = BinaryPrimitives.ReadUInt64LittleEndian(sb.AsSpan(320));
            ulong detailsRoot = BinaryPrimitives.ReadUInt64LittleEndian(sb.AsSpan(328));

            var details = new Dictionary<ulong, ThinDeviceInfo>();
            Walk(detailsRoot, 24, 0, (key, v) => details[key] = new ThinDeviceInfo(key,
                BinaryPrimitives.ReadUInt64LittleEndian(v),
                BinaryPrimitives.ReadUInt64LittleEndian(v[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(v[16..]),
                BinaryPrimitives.ReadUInt32LittleEndian(v[20..])));
            var roots = new List<(ulong Id, ulong Root)>();
            Walk(mappingRoot, 8, 0, (key, v) => roots.Add((key, BinaryPrimitives.ReadUInt64LittleEndian(v))));

            var xml = new XmlOut(writer);
            xml.BeginSuperblock(header);
            foreach (var (id, root) in roots)
            {
                if (!details.TryGetValue(id, out var info))
                {
                    throw new MetadataCorruptException(detailsRoot,
                        $"device {id} has mappings but no details");
                }

                xml.BeginDevice(info);
                Walk(root, 8, 0, (key, v) =>
                {
                    ulong blockTime = BinaryPrimitives.ReadUInt64LittleEndian(v);
                    xml.Mapping(key, blockTime >> 24, (uint)(blockTime & 0xFFFFFF));
                });
                xml.EndDevice();
            }

            xml.EndSuperblock();
        }

        private byte[] ReadSuperblock(ulong block)
        {
            var buffer = Read(block, MetadataBlockKind.Superblock, 0, "superblock");
            if (BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(32)) != 27022010)
            {
                throw new MetadataCorruptException(block, "bad superblock magic");
            }

            return (byte[])buffer.Clone();
        }

        private byte[] Read(ulong block, MetadataBlockKind kind, int depth, string what)
        {
            if (depth > MaxDepth)
            {
                throw new MetadataCorruptException(block, $"{what} is nested too deeply (a cycle?)");
            }

            if ((long)block >= _device.Length / BlockSize)
            {
                throw new MetadataCorruptException(block, $"{what} lies beyond the device end");
            }

            var buffer = _buffers[depth] ??= new byte[BlockSize];
            _device.Read((long)block * BlockSize, buffer);
            if (BlockChecksum.Stored(buffer) != BlockChecksum.Compute(buffer, kind))
            {
                throw new MetadataCorruptException(block, $"bad checksum in {what}");
            }

            if (BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(8)) != block)
            {
                throw new MetadataCorruptException(block, $"{what} has the wrong block number");
            }

            return buffer;
        }

        private void Walk(ulong block, int leafValueSize, int depth, EntryHandler handler,
            HashSet<ulong>? seen = null)
        {
            // Within one tree every node has exactly one parent; a second visit means a cycle
            // or a cross-link, which would otherwise repeat (or multiply) the walk.
            seen ??= new HashSet<ulong>();
            if (!seen.Add(block))
            {
                throw new MetadataCorruptException(block, "btree node is reached twice in one tree");
            }

            var node = Read(block, MetadataBlockKind.Node, depth, "btree node");
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(node.AsSpan(4));
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(node.AsSpan(16));
            int max = (int)BinaryPrimitives.ReadUInt32LittleEndian(node.AsSpan(20));
            int valueSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(node.AsSpan(24));
            bool leaf = flags == 2;
            if ((flags != 1 && !leaf) || count > max || valueSize != (leaf ? leafValueSize : 8)
                || 32 + max * (8 + valueSize) > BlockSize)
            {
                throw new MetadataCorruptException(block, "bad btree node header");
            }

            for (int i = 0; i < count; i++)
            {
                ulong key = BinaryPrimitives.ReadUInt64LittleEndian(node.AsSpan(32 + 8 * i));
                var value = node.AsSpan(32 + 8 * max + valueSize * i, valueSize);
                if (leaf)
                {
                    handler(key, value);
                }
                else
                {
                    ulong child = BinaryPrimitives.ReadUInt64LittleEndian(value);
                    Walk(child, leafValueSize, depth + 1, handler, seen);
                }
            }
        }
    }
}
