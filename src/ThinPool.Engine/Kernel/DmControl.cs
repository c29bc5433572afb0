using System.Runtime.InteropServices;
using System.Text;
using ThinPool.Engine.Kernel.Interop;
using static ThinPool.Engine.Kernel.Interop.DmIoctl;

namespace ThinPool.Engine.Kernel;

/// <summary>
/// The device-mapper control device (<c>/dev/mapper/control</c>). Every device-mapper ioctl
/// the backend issues goes through <see cref="Issue"/>, the one place that fills the
/// interface version, grows the buffer when the kernel reports it full, and turns an errno
/// into a <see cref="DeviceMapperException"/> naming the command and the device.
/// </summary>
/// <remarks>
/// Methods are thread-safe (one ioctl at a time per instance). Node handling: without udev
/// the kernel only makes <c>/dev/dm-N</c>, so <see cref="Create"/> makes
/// <c>/dev/mapper/NAME</c> itself and <see cref="Remove"/> deletes it; with udev running,
/// <see cref="Resume"/> waits (bounded) for udev to make it.
/// </remarks>
public sealed partial class DmControl : IDisposable
{
    /// <summary>The default control node path.</summary>
    public const string ControlPath = "/dev/mapper/control";

    private const int HeaderBytes = 312; // sizeof(struct dm_ioctl), checked by a test
    private const int InitialBufferBytes = 16 * 1024;
    private const int MaxBufferBytes = 64 * 1024 * 1024;

    private readonly object _gate = new();
    private int _fd;

    private DmControl(int fd, MapperNodes nodes)
    {
        _fd = fd;
        Nodes = nodes;
    }

    /// <summary>Receives one line per ioctl (command, device, result) for debug output.</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>The first buffer size tried; tests shrink it to force the regrow path.</summary>
    internal int FirstBufferBytes { get; set; } = InitialBufferBytes;

    /// <summary>The /dev/mapper node manager this control uses.</summary>
    public MapperNodes Nodes { get; }

    /// <summary>Opens the control device.</summary>
    /// <param name="path">The control node; <see cref="ControlPath"/> by default.</param>
    /// <param name="nodes">The node manager; the default one for /dev/mapper when null.</param>
    /// <exception cref="DeviceMapperException">The node is missing or cannot be opened.</exception>
    public static DmControl Open(string path = ControlPath, MapperNodes? nodes = null)
    {
        int fd = Sys.Open(path, Sys.O_RDWR);
        if (fd < 0)
        {
            throw new DeviceMapperException("open", path, Sys.Errno);
        }

        return new DmControl(fd, nodes ?? MapperNodes.Default);
    }

    /// <summary>Closes the control device.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                Sys.Close(_fd);
                _fd = -1;
            }
        }
    }

    /// <summary>
    /// Issues one device-mapper ioctl. The buffer holds the header, then <paramref name="input"/>
    /// at offset 312; when the kernel sets DM_BUFFER_FULL_FLAG on a query, the call is
    /// repeated with a buffer twice as large.
    /// </summary>
    private unsafe DmReply Issue(uint command, string? name, uint flags,
        ReadOnlySpan<byte> input = default, uint targetCount = 0, string? uuid = null)
    {
        bool isQuery = command is DM_LIST_DEVICES_CMD or DM_LIST_VERSIONS_CMD
            or DM_TABLE_STATUS_CMD or DM_DEV_STATUS_CMD or DM_VERSION_CMD;
        int size = Math.Max(FirstBufferBytes, HeaderBytes + Align8(input.Length) + 8);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_fd < 0, this);
            while (true)
            {
                byte[] buffer = new byte[size];
                fixed (byte* p = buffer)
                {
                    var header = (dm_ioctl*)p;
                    header->version[0] = DM_VERSION_MAJOR;
                    header->version[1] = DM_VERSION_MINOR;
                    header->version[2] = DM_VERSION_PATCHLEVEL;
                    header->data_size = (uint)size;
                    header->data_start = HeaderBytes;
                    header->target_count = targetCount;
                    header->flags = flags;
                    WriteCString(new Span<byte>(header->name, DM_NAME_LEN), name, "name");
                    WriteCString(new Span<byte>(header->uuid, DM_UUID_LEN), uuid, "uuid");
                    input.CopyTo(buffer.AsSpan(HeaderBytes));
                    int rc = Sys.Ioctl(_fd, Request(command), p);
                    if (rc < 0)
                    {
                        int errno = Sys.Errno;
                        Trace?.Invoke($"{CommandName(command)} {name} -> {Sys.ErrnoName(errno)}");
                        throw new DeviceMapperException(CommandName(command), name, errno);
                    }

                    if ((header->flags & DM_BUFFER_FULL_FLAG) != 0)
                    {
                        if (!isQuery || size >= MaxBufferBytes)
                        {
                            throw new DeviceMapperException(CommandName(command), name, 0,
                                $"answer larger than {size} bytes");
                        }

                        size *= 2;
                        Trace?.Invoke($"{CommandName(command)} {name}: buffer full, retry {size}");
                        continue;
                    }

                    Trace?.Invoke($"{CommandName(command)} {name} -> ok, flags 0x{header->flags:x}");
                    return new DmReply(buffer, *header, name);
                }
            }
        }
    }

    private static int Align8(int n) => (n + 7) & ~7;

    private static void WriteCString(Span<byte> field, string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        int count = Encoding.UTF8.GetByteCount(value);
        if (count >= field.Length || value.Contains('\0'))
        {
            throw new ArgumentException(
                $"The device {what} '{value}' is longer than {field.Length - 1} bytes or has a NUL.");
        }

        Encoding.UTF8.GetBytes(value, field);
    }

    internal static string ReadCString(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private static string CommandName(uint command) => command switch
    {
        DM_VERSION_CMD => "DM_VERSION",
        DM_REMOVE_ALL_CMD => "DM_REMOVE_ALL",
        DM_LIST_DEVICES_CMD => "DM_LIST_DEVICES",
        DM_DEV_CREATE_CMD => "DM_DEV_CREATE",
        DM_DEV_REMOVE_CMD => "DM_DEV_REMOVE",
        DM_DEV_RENAME_CMD => "DM_DEV_RENAME",
        DM_DEV_SUSPEND_CMD => "DM_DEV_SUSPEND",
        DM_DEV_STATUS_CMD => "DM_DEV_STATUS",
        DM_DEV_WAIT_CMD => "DM_DEV_WAIT",
        DM_TABLE_LOAD_CMD => "DM_TABLE_LOAD",
        DM_TABLE_CLEAR_CMD => "DM_TABLE_CLEAR",
        DM_TABLE_DEPS_CMD => "DM_TABLE_DEPS",
        DM_TABLE_STATUS_CMD => "DM_TABLE_STATUS",
        DM_LIST_VERSIONS_CMD => "DM_LIST_VERSIONS",
        DM_TARGET_MSG_CMD => "DM_TARGET_MSG",
        _ => "DM ioctl " + command,
    };

    /// <summary>One ioctl answer: the header the kernel wrote back and the whole buffer.</summary>
    private sealed class DmReply
    {
        private readonly byte[] _buffer;
        private readonly dm_ioctl _header;
        private readonly string? _requestedName;

        public DmReply(byte[] buffer, dm_ioctl header, string? requestedName)
        {
            _buffer = buffer;
            _header = header;
            _requestedName = requestedName;
        }

        public uint Flags => _header.flags;

        public uint TargetCount => _header.target_count;

        public unsafe Version InterfaceVersion
        {
            get
            {
                dm_ioctl h = _header;
                return new Version((int)h.version[0], (int)h.version[1], (int)h.version[2]);
            }
        }

        /// <summary>The output data: from data_start to data_size.</summary>
        public ReadOnlySpan<byte> Data
        {
            get
            {
                int start = (int)_header.data_start;
                int end = (int)Math.Min(_header.data_size, (uint)_buffer.Length);
                return start >= end ? ReadOnlySpan<byte>.Empty : _buffer.AsSpan(start, end - start);
            }
        }

        public unsafe DmDeviceInfo ToInfo()
        {
            dm_ioctl h = _header;
            string name = ReadCString(new ReadOnlySpan<byte>(h.name, DM_NAME_LEN));
            string uuid = ReadCString(new ReadOnlySpan<byte>(h.uuid, DM_UUID_LEN));
            uint f = h.flags;
            return new DmDeviceInfo(name.Length > 0 ? name : _requestedName ?? string.Empty, uuid,
                DeviceNumber.FromDev(h.dev), h.open_count, h.event_nr, h.target_count,
                (f & DM_SUSPEND_FLAG) != 0, (f & DM_READONLY_FLAG) != 0,
                (f & DM_ACTIVE_PRESENT_FLAG) != 0, (f & DM_INACTIVE_PRESENT_FLAG) != 0,
                (f & DM_DEFERRED_REMOVE) != 0);
        }

        public static T Read<T>(ReadOnlySpan<byte> data, int offset) where T : unmanaged =>
            MemoryMarshal.Read<T>(data[offset..]);
    }
}
