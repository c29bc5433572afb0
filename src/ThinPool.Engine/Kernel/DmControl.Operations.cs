using System.Runtime.InteropServices;
using System.Text;
using ThinPool.Engine.Kernel.Interop;
using static ThinPool.Engine.Kernel.Interop.DmIoctl;

namespace ThinPool.Engine.Kernel;

// The device-mapper operations, each one Issue call plus the packing or parsing of its data.
public sealed partial class DmControl
{
    /// <summary>The kernel's device-mapper interface version (DM_VERSION), e.g. 4.47.0.</summary>
    public Version GetInterfaceVersion() => Issue(DM_VERSION_CMD, null, 0).InterfaceVersion;

    /// <summary>Every mapped device (DM_LIST_DEVICES).</summary>
    public IReadOnlyList<DmDeviceEntry> ListDevices() =>
        ParseNameList(Issue(DM_LIST_DEVICES_CMD, null, 0).Data);

    /// <summary>Parses a DM_LIST_DEVICES answer: a chain of dm_name_list entries.</summary>
    internal static IReadOnlyList<DmDeviceEntry> ParseNameList(ReadOnlySpan<byte> data)
    {
        var result = new List<DmDeviceEntry>();
        int offset = 0;
        while (offset + dm_name_list.NameOffset < data.Length)
        {
            dm_name_list entry = DmReply.Read<dm_name_list>(data, offset);
            if (entry.dev == 0 && offset == 0)
            {
                break; // the kernel writes one zeroed entry when there are no devices
            }

            string name = ReadCString(data[(offset + dm_name_list.NameOffset)..]);
            result.Add(new DmDeviceEntry(name, DeviceNumber.FromDev(entry.dev)));
            if (entry.next == 0)
            {
                break;
            }

            offset += (int)entry.next;
        }

        return result;
    }

    /// <summary>Every loaded target type and its version (DM_LIST_VERSIONS).</summary>
    public IReadOnlyList<DmTargetVersion> ListTargetVersions() =>
        ParseTargetVersions(Issue(DM_LIST_VERSIONS_CMD, null, 0).Data);

    /// <summary>Parses a DM_LIST_VERSIONS answer: a chain of dm_target_versions entries.</summary>
    internal static unsafe IReadOnlyList<DmTargetVersion> ParseTargetVersions(
        ReadOnlySpan<byte> data)
    {
        var result = new List<DmTargetVersion>();
        int offset = 0;
        while (offset + dm_target_versions.NameOffset < data.Length)
        {
            dm_target_versions entry = DmReply.Read<dm_target_versions>(data, offset);
            string name = ReadCString(data[(offset + dm_target_versions.NameOffset)..]);
            var version = new Version((int)entry.version[0], (int)entry.version[1],
                (int)entry.version[2]);
            result.Add(new DmTargetVersion(name, version));
            if (entry.next == 0)
            {
                break;
            }

            offset += (int)entry.next;
        }

        return result;
    }

    /// <summary>
    /// Creates a device with no table (DM_DEV_CREATE) and, where no udev runs, its
    /// /dev/mapper node.
    /// </summary>
    /// <param name="name">The device name.</param>
    /// <param name="uuid">An optional uuid (e.g. <c>THINPOOL-...</c>) to find the device by.</param>
    /// <exception cref="DeviceMapperException">EBUSY when the name is taken.</exception>
    public DmDeviceInfo Create(string name, string? uuid = null)
    {
        ValidateName(name);
        DmDeviceInfo info = Issue(DM_DEV_CREATE_CMD, name, 0, uuid: uuid).ToInfo();
        Nodes.OnCreated(info);
        return info;
    }

    /// <summary>
    /// Loads <paramref name="targets"/> as the device's inactive table (DM_TABLE_LOAD).
    /// </summary>
    /// <param name="name">The device name.</param>
    /// <param name="targets">The table lines, in sector order.</param>
    /// <param name="readOnly">Load the table read-only.</param>
    public DmDeviceInfo LoadTable(string name, IReadOnlyList<DmTarget> targets, bool readOnly = false)
    {
        ValidateName(name);
        byte[] specs = PackTargets(targets);
        return Issue(DM_TABLE_LOAD_CMD, name, readOnly ? DM_READONLY_FLAG : 0, specs,
            (uint)targets.Count).ToInfo();
    }

    /// <summary>Drops the inactive table, if any (DM_TABLE_CLEAR).</summary>
    /// <param name="name">The device name.</param>
    public DmDeviceInfo ClearTable(string name) => Issue(DM_TABLE_CLEAR_CMD, name, 0).ToInfo();

    /// <summary>
    /// Suspends I/O (DM_DEV_SUSPEND with the suspend flag); flushes unless told not to.
    /// </summary>
    /// <param name="name">The device name.</param>
    /// <param name="noFlush">Queue in-flight I/O instead of flushing it (DM_NOFLUSH_FLAG).</param>
    public DmDeviceInfo Suspend(string name, bool noFlush = false) =>
        Issue(DM_DEV_SUSPEND_CMD, name, DM_SUSPEND_FLAG | (noFlush ? DM_NOFLUSH_FLAG : 0)).ToInfo();

    /// <summary>
    /// Resumes I/O (DM_DEV_SUSPEND without the suspend flag), swapping in the inactive table if
    /// one is loaded; where udev runs, waits for the /dev/mapper node.
    /// </summary>
    /// <param name="name">The device name.</param>
    public DmDeviceInfo Resume(string name)
    {
        DmDeviceInfo info = Issue(DM_DEV_SUSPEND_CMD, name, 0).ToInfo();
        Nodes.OnResumed(info);
        return info;
    }

    /// <summary>The device's state (DM_DEV_STATUS).</summary>
    /// <param name="name">The device name.</param>
    /// <exception cref="DeviceMapperException">ENXIO when there is no such device.</exception>
    public DmDeviceInfo GetInfo(string name) => Issue(DM_DEV_STATUS_CMD, name, 0).ToInfo();

    /// <summary>The device's state, or null when there is no such device.</summary>
    /// <param name="name">The device name.</param>
    public DmDeviceInfo? TryGetInfo(string name)
    {
        try
        {
            return GetInfo(name);
        }
        catch (DeviceMapperException e) when (e.IsNoSuchDevice)
        {
            return null;
        }
    }

    /// <summary>The status line of every target in the active table (DM_TABLE_STATUS).</summary>
    /// <param name="name">The device name.</param>
    /// <param name="noFlush">Do not flush before reporting (cheaper, slightly older counts).</param>
    public IReadOnlyList<DmTarget> GetStatus(string name, bool noFlush = false) =>
        ReadTargets(Issue(DM_TABLE_STATUS_CMD, name, noFlush ? DM_NOFLUSH_FLAG : 0));

    /// <summary>
    /// The active table as the kernel holds it (DM_TABLE_STATUS with the table flag).
    /// </summary>
    /// <param name="name">The device name.</param>
    /// <param name="inactive">Read the inactive (loaded, not yet resumed) table instead.</param>
    public IReadOnlyList<DmTarget> GetTable(string name, bool inactive = false) =>
        ReadTargets(Issue(DM_TABLE_STATUS_CMD, name,
            DM_STATUS_TABLE_FLAG | (inactive ? DM_QUERY_INACTIVE_TABLE_FLAG : 0)));

    /// <summary>
    /// Sends a message to the target at <paramref name="sector"/> (DM_TARGET_MSG).
    /// </summary>
    /// <param name="name">The device name.</param>
    /// <param name="sector">The sector that selects the target; 0 for single-target devices.</param>
    /// <param name="message">The message, e.g. <c>create_thin 0</c>.</param>
    /// <returns>The target's answer text, or null when it answered nothing.</returns>
    public string? SendMessage(string name, ulong sector, string message)
    {
        byte[] text = Sys.CString(message);
        byte[] input = new byte[dm_target_msg.MessageOffset + text.Length];
        MemoryMarshal.Write(input, new dm_target_msg { sector = sector });
        text.CopyTo(input, dm_target_msg.MessageOffset);
        DmReply reply;
        try
        {
            reply = Issue(DM_TARGET_MSG_CMD, name, 0, input);
        }
        catch (DeviceMapperException e)
        {
            throw new DeviceMapperException(e.Command, e.Device, e.Errno, message, e);
        }

        if ((reply.Flags & DM_DATA_OUT_FLAG) == 0)
        {
            return null;
        }

        return ReadCString(reply.Data);
    }

    /// <summary>
    /// Removes the device (DM_DEV_REMOVE) and its /dev/mapper node. With
    /// <paramref name="deferred"/>, an open device is marked to go at its last close instead
    /// of failing with EBUSY.
    /// </summary>
    /// <param name="name">The device name.</param>
    /// <param name="deferred">Set DM_DEFERRED_REMOVE.</param>
    /// <returns>The device's last state; <see cref="DmDeviceInfo.IsDeferredRemove"/> is set when
    /// the removal was deferred.</returns>
    public DmDeviceInfo Remove(string name, bool deferred = false)
    {
        DmDeviceInfo info = Issue(DM_DEV_REMOVE_CMD, name, deferred ? DM_DEFERRED_REMOVE : 0)
            .ToInfo();
        if (!info.IsDeferredRemove)
        {
            Nodes.OnRemoved(name);
        }

        return info;
    }

    /// <summary>
    /// Checks a device name: 1 to 127 bytes, no '/', not "." or ".." (the kernel's rules; a
    /// '/' would also escape /dev/mapper when we make the node).
    /// </summary>
    /// <param name="name">The name to check.</param>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('/') || name is "." or ".."
            || Encoding.UTF8.GetByteCount(name) >= DM_NAME_LEN || name.Contains('\0')
            || name == DM_CONTROL_NODE)
        {
            throw new ArgumentException($"'{name}' is not a valid device-mapper name.", nameof(name));
        }
    }

    internal static unsafe byte[] PackTargets(IReadOnlyList<DmTarget> targets)
    {
        int specSize = sizeof(dm_target_spec);
        var packed = new List<byte[]>();
        foreach (DmTarget t in targets)
        {
            byte[] parameters = Sys.CString(t.Parameters);
            int length = Align8(specSize + parameters.Length);
            byte[] chunk = new byte[length];
            var spec = new dm_target_spec
            {
                sector_start = t.StartSector,
                length = t.LengthSectors,
                next = (uint)length,
            };
            WriteCString(new Span<byte>(spec.target_type, DM_MAX_TYPE_NAME), t.TargetType,
                "target type");
            MemoryMarshal.Write(chunk, spec);
            parameters.CopyTo(chunk, specSize);
            packed.Add(chunk);
        }

        return packed.SelectMany(c => c).ToArray();
    }

    private static IReadOnlyList<DmTarget> ReadTargets(DmReply reply) =>
        ParseTargets(reply.Data, reply.TargetCount);

    /// <summary>
    /// Parses a DM_TABLE_STATUS answer: <paramref name="count"/> dm_target_spec entries, each
    /// followed by its text; <c>next</c> is relative to the first spec.
    /// </summary>
    internal static unsafe IReadOnlyList<DmTarget> ParseTargets(ReadOnlySpan<byte> data,
        uint count)
    {
        int specSize = sizeof(dm_target_spec);
        var result = new List<DmTarget>();
        int offset = 0;
        for (uint i = 0; i < count && offset + specSize <= data.Length; i++)
        {
            dm_target_spec spec = DmReply.Read<dm_target_spec>(data, offset);
            string type = ReadCString(new ReadOnlySpan<byte>(spec.target_type, DM_MAX_TYPE_NAME));
            string text = ReadCString(data[(offset + specSize)..]);
            result.Add(new DmTarget(spec.sector_start, spec.length, type, text));
            offset = (int)spec.next; // relative to the first spec on status answers
        }

        return result;
    }
}
