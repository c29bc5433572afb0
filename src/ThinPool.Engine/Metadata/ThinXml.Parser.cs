using System.Globalization;
using System.Text;
using System.Xml;

namespace ThinPool.Engine.Metadata;

// Reads a whole thin_dump document into compact arrays and validates it, so that the image
// builder can plan every block before it writes any. Mappings are kept as runs (one struct
// per XML element), not per block.
public static partial class ThinXml
{
    private const ulong MaxDeviceId = MetadataFormat.MaxDeviceId;
    private const ulong MaxDataBlocks = MetadataFormat.MaxDataBlock + 1;
    private const uint MaxTime = 0xFFFFFF;

    private struct Run
    {
        public ulong Virtual;
        public ulong Data;
        public ulong Length;
        public uint Time;
        public int Line;
    }

    private sealed class DeviceEntry
    {
        public ulong Id;
        public ulong TransactionId;
        public uint CreationTime;
        public uint SnapshottedTime;
        public int Line;
        public int FirstRun;
        public int RunCount;
        public ulong MappedBlocks;
    }

    private sealed class Document
    {
        public byte[] Uuid = Array.Empty<byte>();
        public uint Time;
        public ulong TransactionId;
        public uint Flags;
        public uint DataBlockSize;
        public ulong NrDataBlocks;
        public List<DeviceEntry> Devices { get; } = new();
        public Run[] Runs = new Run[1024];
        public int RunCount;
    }

    private sealed class Parser
    {
        private readonly XmlReader _reader;
        private readonly IXmlLineInfo _position;
        private readonly Document _document = new();
        private readonly HashSet<ulong> _deviceIds = new();
        private DeviceEntry? _device;
        private bool _sorted;
        private int _line;
        private int _column;

        private Parser(XmlReader reader)
        {
            _reader = reader;
            _position = (IXmlLineInfo)reader;
        }

        public static Document Parse(TextReader text)
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                IgnoreComments = true,
                IgnoreWhitespace = true,
                IgnoreProcessingInstructions = true,
                CloseInput = false,
            };
            using var reader = XmlReader.Create(text, settings);
            var parser = new Parser(reader);
            try
            {
                return parser.Run();
            }
            catch (XmlException e)
            {
                throw new ThinXmlException(e.LineNumber, e.LinePosition, e.Message, e);
            }
        }

        private Document Run()
        {
            bool seenRoot = false;
            while (_reader.Read())
            {
                (_line, _column) = (_position.LineNumber, _position.LinePosition);
                switch (_reader.NodeType)
                {
                    case XmlNodeType.Element:
                        seenRoot |= _reader.Depth == 0;
                        Element();
                        break;
                    case XmlNodeType.EndElement:
                        if (_reader.Depth == 1)
                        {
                            EndDevice();
                        }

                        break;
                    case XmlNodeType.XmlDeclaration:
                        break;
                    default:
                        throw Error($"unexpected {_reader.NodeType} content");
                }
            }

            return seenRoot ? _document : throw Error("the document has no superblock element");
        }

        private void Element()
        {
            string name = _reader.LocalName;
            bool empty = _reader.IsEmptyElement;
            switch (_reader.Depth, name)
            {
                case (0, "superblock"):
                    Superblock();
                    break;
                case (1, "device"):
                    Device();
                    if (empty)
                    {
                        EndDevice();
                    }

                    break;
                case (2, "single_mapping" or "range_mapping"):
                    if (!empty)
                    {
                        throw Error($"<{name}> must be an empty element");
                    }

                    Mapping(name == "range_mapping");
                    break;
                default:
                    throw Error($"unexpected element <{name}> at depth {_reader.Depth}");
            }
        }

        private void Superblock()
        {
            const int required = 0b11110; // time, transaction, data_block_size, nr_data_blocks
            int seen = 0;
            while (_reader.MoveToNextAttribute())
            {
                switch (_reader.LocalName)
                {
                    case "uuid":
                        var bytes = Encoding.UTF8.GetBytes(_reader.Value);
                        _document.Uuid = bytes.Length > 16 ? bytes[..16] : bytes;
                        seen |= 1;
                        break;
                    case "time":
                        _document.Time = U32(MaxTime);
                        seen |= 2;
                        break;
                    case "transaction":
                        _document.TransactionId = U64(ulong.MaxValue);
                        seen |= 4;
                        break;
                    case "data_block_size":
                        _document.DataBlockSize = U32(uint.MaxValue);
                        seen |= 8;
                        break;
                    case "nr_data_blocks":
                        _document.NrDataBlocks = U64(MaxDataBlocks);
                        seen |= 16;
                        break;
                    case "flags":
                        _document.Flags = U32(1);
                        break;
                    case "version":
                        if (U32(2) < 1)
                        {
                            throw Error("version must be 1 or 2");
                        }

                        break;
                    default:
                        throw Error($"unknown superblock attribute '{_reader.LocalName}'");
                }
            }

            Require(seen, required, "superblock", "time, transaction, data_block_size, nr_data_blocks");
            uint size = _document.DataBlockSize;
            if (size < 128 || size > 2097152 || size % 128 != 0)
            {
                throw Error($"data_block_size {size} is not a multiple of 128 sectors in 128..2097152");
            }
        }

        private void Device()
        {
            var device = new DeviceEntry { Line = _line, FirstRun = _document.RunCount };
            int seen = 0;
            while (_reader.MoveToNextAttribute())
            {
                switch (_reader.LocalName)
                {
                    case "dev_id":
                        device.Id = U64(MaxDeviceId);
                        seen |= 1;
                        break;
                    case "mapped_blocks":
                        U64(ulong.MaxValue); // recomputed from the mappings, as thin_restore does
                        break;
                    case "transaction":
                        device.TransactionId = U64(ulong.MaxValue);
                        seen |= 2;
                        break;
                    case "creation_time":
                        device.CreationTime = U32(uint.MaxValue);
                        seen |= 4;
                        break;
                    case "snap_time":
                        device.SnapshottedTime = U32(uint.MaxValue);
                        seen |= 8;
                        break;
                    default:
                        throw Error($"unknown device attribute '{_reader.LocalName}'");
                }
            }

            Require(seen, 0b1111, "device", "dev_id, transaction, creation_time, snap_time");
            if (!_deviceIds.Add(device.Id))
            {
                throw Error($"device {device.Id} appears twice");
            }

            _document.Devices.Add(device);
            _device = device;
            _sorted = true;
        }

        private void Mapping(bool range)
        {
            var run = new Run { Line = _line, Length = 1 };
            int seen = 0;
            while (_reader.MoveToNextAttribute())
            {
                switch (_reader.LocalName)
                {
                    case "origin_block" when !range:
                    case "origin_begin" when range:
                        run.Virtual = U64(ulong.MaxValue);
                        seen |= 1;
                        break;
                    case "data_block" when !range:
                    case "data_begin" when range:
                        run.Data = U64(ulong.MaxValue);
                        seen |= 2;
                        break;
                    case "length" when range:
                        run.Length = U64(ulong.MaxValue);
                        seen |= 4;
                        break;
                    case "time":
                        run.Time = U32(MaxTime);
                        seen |= 8;
                        break;
                    default:
                        throw Error($"unknown mapping attribute '{_reader.LocalName}'");
                }
            }

            Require(seen, range ? 0b1111 : 0b1011, "mapping",
                range ? "origin_begin, data_begin, length, time" : "origin_block, data_block, time");
            AddRun(run);
        }

        private void AddRun(Run run)
        {
            var device = _device ?? throw Error("mapping outside a device");
            if (run.Length == 0)
            {
                throw Error("range_mapping length is 0");
            }

            if (run.Data >= _document.NrDataBlocks || _document.NrDataBlocks - run.Data < run.Length)
            {
                throw Error($"data block {run.Data} + {run.Length} is beyond nr_data_blocks "
                    + _document.NrDataBlocks.ToString(CultureInfo.InvariantCulture));
            }

            if (ulong.MaxValue - run.Virtual < run.Length)
            {
                throw Error("origin block range overflows 64 bits");
            }

            if (device.RunCount > 0)
            {
                ref Run last = ref _document.Runs[_document.RunCount - 1];
                _sorted &= run.Virtual >= last.Virtual + last.Length;
            }

            if (_document.RunCount == _document.Runs.Length)
            {
                Array.Resize(ref _document.Runs, _document.Runs.Length * 2);
            }

            _document.Runs[_document.RunCount++] = run;
            device.RunCount++;
            device.MappedBlocks += run.Length;
        }

        private void EndDevice()
        {
            var device = _device!;
            if (!_sorted)
            {
                var runs = _document.Runs.AsSpan(device.FirstRun, device.RunCount);
                runs.Sort((a, b) => a.Virtual.CompareTo(b.Virtual));
                for (int i = 1; i < runs.Length; i++)
                {
                    if (runs[i].Virtual < runs[i - 1].Virtual + runs[i - 1].Length)
                    {
                        int line = Math.Max(runs[i].Line, runs[i - 1].Line);
                        throw new ThinXmlException(line, 0, $"device {device.Id} maps virtual "
                            + $"block {runs[i].Virtual} twice");
                    }
                }
            }

            _device = null;
        }

        private void Require(int seen, int required, string element, string names)
        {
            if ((seen & required) != required)
            {
                throw Error($"<{element}> needs the attributes {names}");
            }
        }

        private ulong U64(ulong max)
        {
            if (!ulong.TryParse(_reader.Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)
                || v > max)
            {
                throw Error($"attribute {_reader.LocalName}=\"{_reader.Value}\" is not a number "
                    + $"in 0..{max}");
            }

            return v;
        }

        private uint U32(uint max) => (uint)U64(max);

        private ThinXmlException Error(string problem) => new(_line, _column, problem);
    }
}
