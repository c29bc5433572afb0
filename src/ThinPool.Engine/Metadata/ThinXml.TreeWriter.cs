using System.Buffers.Binary;

namespace ThinPool.Engine.Metadata;

public static partial class ThinXml
{
    /// <summary>
    /// Writes one B-tree bottom-up from entries given in ascending key order. The entry count
    /// is known up front, so node sizes are planned: every node is full except that the last
    /// two of a level share their entries when the last would fall under a third of
    /// max_entries (the fill rule thin_check enforces for non-root nodes).
    /// </summary>
    private sealed class TreeWriter
    {
        private const int InternalMax = 252;

        private readonly ImageBuilder _builder;
        private readonly ulong _total;
        private readonly int _valueSize;
        private readonly int _max;
        private readonly List<(ulong Key, ulong Block)> _leaves = new();
        private ulong _added;
        private int _inLeaf;
        private int _leafSize;
        private ulong _leafIndex;
        private readonly byte[] _leaf = new byte[4096];

        public TreeWriter(ImageBuilder builder, ulong total, int valueSize, int max)
        {
            (_builder, _total, _valueSize, _max) = (builder, total, valueSize, max);
            _leafSize = PlannedSize(0, total, max);
        }

        /// <summary>
        /// Entries in node <paramref name="index"/> of a level holding <paramref name="total"/>.
        /// </summary>
        private static int PlannedSize(ulong index, ulong total, int max)
        {
            ulong nodes = Math.Max(1, (total + (ulong)max - 1) / (ulong)max);
            ulong last = total - (nodes - 1) * (ulong)max;
            if (nodes == 1)
            {
                return (int)total;
            }

            if (last < (ulong)max / 3 && index >= nodes - 2)
            {
                ulong pair = (ulong)max + last;
                return (int)(index == nodes - 2 ? pair / 2 : pair - pair / 2);
            }

            return index == nodes - 1 ? (int)last : max;
        }

        public void Add(ulong key, ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            Add(key, bytes);
        }

        public void Add(ulong key, ReadOnlySpan<byte> value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_leaf.AsSpan(32 + 8 * _inLeaf), key);
            value.CopyTo(_leaf.AsSpan(32 + 8 * _max + _valueSize * _inLeaf));
            _inLeaf++;
            _added++;
            if (_inLeaf == _leafSize)
            {
                EmitLeaf();
            }
        }

        public ulong Finish()
        {
            if (_added != _total)
            {
                throw new InvalidOperationException($"tree planned for {_total} entries got {_added}");
            }

            if (_total == 0)
            {
                EmitLeaf();
            }

            var level = _leaves;
            while (level.Count > 1)
            {
                var parents = new List<(ulong Key, ulong Block)>();
                int taken = 0;
                for (ulong n = 0; taken < level.Count; n++)
                {
                    int size = PlannedSize(n, (ulong)level.Count, InternalMax);
                    parents.Add(WriteNode(1, level.GetRange(taken, size), InternalMax));
                    taken += size;
                }

                level = parents;
            }

            return level[0].Block;
        }

        private void EmitLeaf()
        {
            var block = _builder.NextBlock(out ulong location);
            _leaf.AsSpan(32, 8 * _max + _valueSize * _max).CopyTo(block[32..]);
            WriteHeader(block, 2, _inLeaf, _max, _valueSize);
            _leaves.Add((BinaryPrimitives.ReadUInt64LittleEndian(block[32..]), location));
            ImageBuilder.Seal(block, location, MetadataBlockKind.Node);
            _leaf.AsSpan().Clear();
            _inLeaf = 0;
            _leafIndex++;
            _leafSize = PlannedSize(_leafIndex, _total, _max);
        }

        private (ulong Key, ulong Block) WriteNode(uint flags, List<(ulong Key, ulong Block)> children,
            int max)
        {
            var block = _builder.NextBlock(out ulong location);
            WriteHeader(block, flags, children.Count, max, 8);
            for (int i = 0; i < children.Count; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(block[(32 + 8 * i)..], children[i].Key);
                BinaryPrimitives.WriteUInt64LittleEndian(block[(32 + 8 * max + 8 * i)..], children[i].Block);
            }

            ImageBuilder.Seal(block, location, MetadataBlockKind.Node);
            return (children[0].Key, location);
        }

        private static void WriteHeader(Span<byte> block, uint flags, int count, int max, int valueSize)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(block[4..], flags);
            BinaryPrimitives.WriteUInt32LittleEndian(block[16..], (uint)count);
            BinaryPrimitives.WriteUInt32LittleEndian(block[20..], (uint)max);
            BinaryPrimitives.WriteUInt32LittleEndian(block[24..], (uint)valueSize);
        }
    }
}
