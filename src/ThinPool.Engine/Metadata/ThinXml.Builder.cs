using System.Buffers.Binary;
using ThinPool.Engine.IO;

namespace ThinPool.Engine.Metadata;

// Lays a validated document out as a complete metadata image, bottom-up. Every block is
// planned before the first write (so a document that does not fit is refused with nothing
// written), then blocks are allocated in the order they are written, which makes the write
// one sequential stream: leaves first, then each tree's internal levels. Only the metadata
// space map (whose contents depend on the total) and the superblock (always last, after a
// flush) are written out of order.
//
// Layout: 0 superblock, 1 metadata index, 2.. metadata bitmaps, metadata ref-count leaf,
// data bitmaps, data index tree, data ref-count tree, details tree, one bottom tree per
// device, top-level tree. Every metadata block has count 1 (nothing is shared after an
// import, as with thin_restore); a data block's count is the number of mappings naming it.
public static partial class ThinXml
{
    private sealed class ImageBuilder
    {
        private const int BlockSize = MetadataFormat.BlockSize;
        private const int EntriesPerBitmap = MetadataFormat.EntriesPerBitmap;
        private const ulong MaxMetadataBlocks = MetadataFormat.MaxMetadataBlocks;
        private const int InternalMax = 252;
        private const int WriteBatchBlocks = 256;

        private readonly Document _doc;
        private readonly IBlockDevice _device;
        private readonly ulong _nrMetadataBlocks;
        private readonly int _metadataBitmaps;
        private readonly ulong _dataBitmaps;
        private readonly List<(ulong Begin, ulong End, uint Count)> _segments = new();
        private ulong _overflowBlocks;
        private ulong _dataAllocated;
        private ulong _totalBlocks;

        private readonly byte[] _batch = new byte[WriteBatchBlocks * BlockSize];
        private ulong _batchFirst;
        private int _batchCount;
        private ulong _next;

        public ImageBuilder(Document document, IBlockDevice device)
        {
            _doc = document;
            _device = device;
            _nrMetadataBlocks = Math.Min((ulong)device.Length / BlockSize, MaxMetadataBlocks);
            _metadataBitmaps = (int)Ceiling(_nrMetadataBlocks, EntriesPerBitmap);
            _dataBitmaps = Ceiling(document.NrDataBlocks, EntriesPerBitmap);
        }

        private static ulong Ceiling(ulong a, ulong b) => (a + b - 1) / b;

        /// <summary>Plans every block; throws before anything is written when it cannot fit.</summary>
        public void Validate()
        {
            if (_device.IsReadOnly)
            {
                throw new ArgumentException("The metadata device is read-only.", "metadata");
            }

            ComputeDataCounts();
            ulong total = 2 + (ulong)_metadataBitmaps + 1 + _dataBitmaps
                + TreeBlocks(_dataBitmaps, 168) + TreeBlocks(_overflowBlocks, 336)
                + TreeBlocks((ulong)_doc.Devices.Count, 126) + TreeBlocks((ulong)_doc.Devices.Count, 252);
            foreach (var device in _doc.Devices)
            {
                total += TreeBlocks(device.MappedBlocks, 252);
            }

            _totalBlocks = total;
            if (_nrMetadataBlocks < 16 || total > _nrMetadataBlocks)
            {
                throw new OutOfMetadataSpaceException($"The document needs {total} metadata blocks "
                    + $"but the metadata device holds {_nrMetadataBlocks}; use a larger device.");
            }
        }

        private static ulong TreeBlocks(ulong entries, int leafMax)
        {
            ulong level = Math.Max(1, Ceiling(entries, (ulong)leafMax));
            ulong total = level;
            while (level > 1)
            {
                level = Ceiling(level, InternalMax);
                total += level;
            }

            return total;
        }

        /// <summary>
        /// Data reference counts as sorted constant segments, from the sorted run starts and
        /// ends (a sweep), so memory follows the number of runs, not the pool size.
        /// </summary>
        private void ComputeDataCounts()
        {
            int n = _doc.RunCount;
            var starts = new ulong[n];
            var ends = new ulong[n];
            for (int i = 0; i < n; i++)
            {
                starts[i] = _doc.Runs[i].Data;
                ends[i] = _doc.Runs[i].Data + _doc.Runs[i].Length;
            }

            Array.Sort(starts);
            Array.Sort(ends);
            int s = 0;
            int e = 0;
            uint count = 0;
            ulong position = 0;
            while (e < n)
            {
                ulong next = s < n ? Math.Min(starts[s], ends[e]) : ends[e];
                if (count > 0 && next > position)
                {
                    AddSegment(position, next, count);
                }

                while (s < n && starts[s] == next)
                {
                    count++;
                    s++;
                }

                while (e < n && ends[e] == next)
                {
                    count--;
                    e++;
                }

                position = next;
            }
        }

        private void AddSegment(ulong begin, ulong end, uint count)
        {
            if (_segments.Count > 0 && _segments[^1].End == begin && _segments[^1].Count == count)
            {
                _segments[^1] = (_segments[^1].Begin, end, count);
            }
            else
            {
                _segments.Add((begin, end, count));
            }

            _dataAllocated += end - begin;
            _overflowBlocks += count >= 3 ? end - begin : 0;
        }

        public void Write()
        {
            _next = 2 + (ulong)_metadataBitmaps;
            ulong metadataRefCountRoot = WriteEmptyLeaf(4, 336);
            var (dataIndexRoot, dataRefCountRoot) = WriteDataSpaceMap();
            ulong detailsRoot = WriteDetails();
            var roots = new ulong[_doc.Devices.Count];
            for (int i = 0; i < roots.Length; i++)
            {
                roots[i] = WriteBottomTree(_doc.Devices[i]);
            }

            var top = new TreeWriter(this, (ulong)roots.Length, 8, 252);
            for (int i = 0; i < roots.Length; i++)
            {
                top.Add(_doc.Devices[i].Id, roots[i]);
            }

            ulong mappingRoot = top.Finish();
            FlushBatch();
            if (_next != _totalBlocks)
            {
                throw new InvalidOperationException($"planned {_totalBlocks} blocks, wrote {_next}");
            }

            WriteMetadataSpaceMap();
            _device.Flush();
            WriteSuperblock(metadataRefCountRoot, dataIndexRoot, dataRefCountRoot, mappingRoot, detailsRoot);
            _device.Flush();
        }

        private ulong WriteBottomTree(DeviceEntry device)
        {
            var tree = new TreeWriter(this, device.MappedBlocks, 8, 252);
            for (int r = device.FirstRun; r < device.FirstRun + device.RunCount; r++)
            {
                ref Run run = ref _doc.Runs[r];
                for (ulong k = 0; k < run.Length; k++)
                {
                    tree.Add(run.Virtual + k, ((run.Data + k) << 24) | run.Time);
                }
            }

            return tree.Finish();
        }

        private ulong WriteDetails()
        {
            var tree = new TreeWriter(this, (ulong)_doc.Devices.Count, 24, 126);
            Span<byte> value = stackalloc byte[24];
            foreach (var d in _doc.Devices.OrderBy(d => d.Id))
            {
                BinaryPrimitives.WriteUInt64LittleEndian(value, d.MappedBlocks);
                BinaryPrimitives.WriteUInt64LittleEndian(value[8..], d.TransactionId);
                BinaryPrimitives.WriteUInt32LittleEndian(value[16..], d.CreationTime);
                BinaryPrimitives.WriteUInt32LittleEndian(value[20..], d.SnapshottedTime);
                tree.Add(d.Id, value);
            }

            return tree.Finish();
        }

        private (ulong IndexRoot, ulong RefCountRoot) WriteDataSpaceMap()
        {
            var entries = new (ulong Block, uint NrFree, uint NoneFreeBefore)[_dataBitmaps];
            var overflow = new List<(ulong Block, uint Count)>();
            int segment = 0;
            for (ulong i = 0; i < _dataBitmaps; i++)
            {
                ulong first = i * EntriesPerBitmap;
                int valid = (int)Math.Min(EntriesPerBitmap, _doc.NrDataBlocks - first);
                var bitmap = NextBlock(out ulong location);
                int used = 0;
                int firstFree = -1;
                int position = 0;
                ulong limit = first + (ulong)valid;
                for (; segment < _segments.Count && _segments[segment].Begin < limit; segment++)
                {
                    var (begin, end, count) = _segments[segment];
                    int from = (int)(Math.Max(begin, first) - first);
                    int to = (int)(Math.Min(end, first + (ulong)valid) - first);
                    firstFree = firstFree < 0 && from > position ? position : firstFree;
                    for (int j = from; j < to; j++)
                    {
                        Bitmap.Set(bitmap, j, Math.Min(count, 3));
                        if (count >= 3)
                        {
                            overflow.Add((first + (ulong)j, count));
                        }
                    }

                    used += to - from;
                    position = to;
                    if (end > first + (ulong)valid)
                    {
                        break; // the segment continues in the next bitmap
                    }
                }

                firstFree = firstFree < 0 ? position : firstFree;
                Seal(bitmap, location, MetadataBlockKind.Bitmap);
                entries[i] = (location, (uint)(valid - used), (uint)firstFree);
            }

            var index = new TreeWriter(this, _dataBitmaps, 16, 168);
            Span<byte> value = stackalloc byte[16];
            for (ulong i = 0; i < _dataBitmaps; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(value, entries[i].Block);
                BinaryPrimitives.WriteUInt32LittleEndian(value[8..], entries[i].NrFree);
                BinaryPrimitives.WriteUInt32LittleEndian(value[12..], entries[i].NoneFreeBefore);
                index.Add(i, value);
            }

            ulong indexRoot = index.Finish();
            var refCounts = new TreeWriter(this, (ulong)overflow.Count, 4, 336);
            Span<byte> count4 = stackalloc byte[4];
            foreach (var (block, count) in overflow)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(count4, count);
                refCounts.Add(block, count4);
            }

            return (indexRoot, refCounts.Finish());
        }

        private void WriteMetadataSpaceMap()
        {
            var index = new byte[BlockSize];
            var bitmap = new byte[BlockSize];
            for (int i = 0; i < _metadataBitmaps; i++)
            {
                ulong first = (ulong)i * EntriesPerBitmap;
                int valid = (int)Math.Min(EntriesPerBitmap, _nrMetadataBlocks - first);
                int used = (int)Math.Min((ulong)valid, _totalBlocks > first ? _totalBlocks - first : 0);
                Array.Clear(bitmap);
                for (int j = 0; j < used; j++)
                {
                    Bitmap.Set(bitmap, j, 1);
                }

                ulong location = 2 + (ulong)i;
                Seal(bitmap, location, MetadataBlockKind.Bitmap);
                _device.Write((long)location * BlockSize, bitmap);
                var entry = index.AsSpan(16 + 16 * i);
                BinaryPrimitives.WriteUInt64LittleEndian(entry, location);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)(valid - used));
                BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)used);
            }

            Seal(index, 1, MetadataBlockKind.Index);
            _device.Write(BlockSize, index);
        }

        private void WriteSuperblock(ulong metadataRefCountRoot, ulong dataIndexRoot,
            ulong dataRefCountRoot, ulong mappingRoot, ulong detailsRoot)
        {
            var sb = new byte[BlockSize];
            var s = sb.AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(s[4..], _doc.Flags);
            _doc.Uuid.CopyTo(s[16..]);
            BinaryPrimitives.WriteUInt64LittleEndian(s[32..], MetadataFormat.SuperblockMagic);
            BinaryPrimitives.WriteUInt32LittleEndian(s[40..], MetadataFormat.Version);
            BinaryPrimitives.WriteUInt32LittleEndian(s[44..], _doc.Time);
            BinaryPrimitives.WriteUInt64LittleEndian(s[48..], _doc.TransactionId);
            WriteSpaceMapRoot(s[64..], _doc.NrDataBlocks, _dataAllocated, dataIndexRoot, dataRefCountRoot);
            WriteSpaceMapRoot(s[192..], _nrMetadataBlocks, _totalBlocks, 1, metadataRefCountRoot);
            BinaryPrimitives.WriteUInt64LittleEndian(s[320..], mappingRoot);
            BinaryPrimitives.WriteUInt64LittleEndian(s[328..], detailsRoot);
            BinaryPrimitives.WriteUInt32LittleEndian(s[336..], _doc.DataBlockSize);
            BinaryPrimitives.WriteUInt32LittleEndian(s[340..], BlockSize / 512);
            BinaryPrimitives.WriteUInt64LittleEndian(s[344..], _nrMetadataBlocks);
            Seal(sb, 0, MetadataBlockKind.Superblock);
            _device.Write(0, sb);
        }

        private static void WriteSpaceMapRoot(Span<byte> blob, ulong nrBlocks, ulong allocated,
            ulong bitmapRoot, ulong refCountRoot)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(blob, nrBlocks);
            BinaryPrimitives.WriteUInt64LittleEndian(blob[8..], allocated);
            BinaryPrimitives.WriteUInt64LittleEndian(blob[16..], bitmapRoot);
            BinaryPrimitives.WriteUInt64LittleEndian(blob[24..], refCountRoot);
        }

        private ulong WriteEmptyLeaf(int valueSize, int max)
        {
            var tree = new TreeWriter(this, 0, valueSize, max);
            return tree.Finish();
        }

        /// <summary>
        /// Allocates the next block and returns its zeroed bytes in the write batch; they must
        /// be filled and sealed before the next allocation.
        /// </summary>
        internal Span<byte> NextBlock(out ulong location)
        {
            if (_batchCount == WriteBatchBlocks)
            {
                FlushBatch();
            }

            if (_batchCount == 0)
            {
                _batchFirst = _next;
            }

            location = _next++;
            var span = _batch.AsSpan(_batchCount++ * BlockSize, BlockSize);
            span.Clear();
            return span;
        }

        private void FlushBatch()
        {
            if (_batchCount > 0)
            {
                _device.Write((long)_batchFirst * BlockSize, _batch.AsSpan(0, _batchCount * BlockSize));
                _batchCount = 0;
            }
        }

        internal static void Seal(Span<byte> block, ulong location, MetadataBlockKind kind) =>
            BlockChecksum.Seal(block, location, kind);
    }
}
