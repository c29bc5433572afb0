using System.Globalization;

namespace ThinPool.Engine.Metadata;

// thin_dump 0.9.0 output, byte for byte: two-space indentation, attributes in a fixed order,
// consecutive mappings (virtual+1, data+1, same time) merged into range_mapping.
public static partial class ThinXml
{
    private readonly record struct XmlHeader(uint Time, ulong TransactionId, uint Flags,
        uint Version, uint DataBlockSize, ulong NrDataBlocks);

    /// <summary>Streams elements and merges mappings into runs without allocating per mapping.</summary>
    private sealed class XmlOut
    {
        private readonly TextWriter _writer;
        private readonly char[] _number = new char[24];
        private ulong _runVirtual;
        private ulong _runData;
        private ulong _runLength;
        private uint _runTime;

        public XmlOut(TextWriter writer) => _writer = writer;

        public void BeginSuperblock(XmlHeader h)
        {
            _writer.Write("<superblock uuid=\"\" time=\"");
            Number(h.Time);
            Attribute("transaction", h.TransactionId);
            Attribute("flags", h.Flags);
            Attribute("version", h.Version);
            Attribute("data_block_size", h.DataBlockSize);
            Attribute("nr_data_blocks", h.NrDataBlocks);
            _writer.Write("\">\n");
        }

        public void EndSuperblock() => _writer.Write("</superblock>\n");

        public void BeginDevice(ThinDeviceInfo d)
        {
            _writer.Write("  <device dev_id=\"");
            Number(d.DeviceId);
            Attribute("mapped_blocks", d.MappedBlocks);
            Attribute("transaction", d.TransactionId);
            Attribute("creation_time", d.CreationTime);
            Attribute("snap_time", d.SnapshottedTime);
            _writer.Write("\">\n");
            _runLength = 0;
        }

        public void EndDevice()
        {
            FlushRun();
            _writer.Write("  </device>\n");
        }

        public void Mapping(BlockMapping m) => Mapping(m.VirtualBlock, m.DataBlock, m.Time);

        public void Mapping(ulong virtualBlock, ulong dataBlock, uint time)
        {
            if (_runLength > 0 && virtualBlock == _runVirtual + _runLength
                && dataBlock == _runData + _runLength && time == _runTime)
            {
                _runLength++;
                return;
            }

            FlushRun();
            (_runVirtual, _runData, _runLength, _runTime) = (virtualBlock, dataBlock, 1, time);
        }

        private void FlushRun()
        {
            if (_runLength == 1)
            {
                _writer.Write("    <single_mapping origin_block=\"");
                Number(_runVirtual);
                Attribute("data_block", _runData);
            }
            else if (_runLength > 1)
            {
                _writer.Write("    <range_mapping origin_begin=\"");
                Number(_runVirtual);
                Attribute("data_begin", _runData);
                Attribute("length", _runLength);
            }
            else
            {
                return;
            }

            Attribute("time", _runTime);
            _writer.Write("\"/>\n");
            _runLength = 0;
        }

        private void Attribute(string name, ulong value)
        {
            _writer.Write("\" ");
            _writer.Write(name);
            _writer.Write("=\"");
            Number(value);
        }

        private void Number(ulong value)
        {
            value.TryFormat(_number, out int written, default, CultureInfo.InvariantCulture);
            _writer.Write(_number, 0, written);
        }
    }
}
