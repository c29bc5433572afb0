using System.Runtime.InteropServices;

namespace ThinPool.Engine.Kernel.Interop;

#pragma warning disable IDE1006 // names follow linux/dm-ioctl.h

/// <summary>
/// <c>struct dm_ioctl</c>: the header of every device-mapper ioctl buffer. Input data (table
/// specs, messages) and output data (lists, status text) follow it at <see cref="data_start"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct dm_ioctl
{
    public fixed uint version[3];
    public uint data_size;
    public uint data_start;
    public uint target_count;
    public int open_count;
    public uint flags;
    public uint event_nr;
    public uint padding;
    public ulong dev;
    public fixed byte name[DmIoctl.DM_NAME_LEN];
    public fixed byte uuid[DmIoctl.DM_UUID_LEN];
    public fixed byte data[7];
}

/// <summary>
/// <c>struct dm_target_spec</c>: one table line; the NUL-terminated parameter string follows it.
/// On load <see cref="next"/> is relative to this spec; on status it is relative to the first.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct dm_target_spec
{
    public ulong sector_start;
    public ulong length;
    public int status;
    public uint next;
    public fixed byte target_type[DmIoctl.DM_MAX_TYPE_NAME];
}

/// <summary>
/// <c>struct dm_name_list</c>: one device in a DM_LIST_DEVICES answer; the NUL-terminated name
/// starts at <see cref="NameOffset"/> (the C struct's flexible <c>name[]</c>), <see cref="next"/>
/// is relative to this entry and 0 ends the list.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct dm_name_list
{
    public const int NameOffset = 12;

    public ulong dev;
    public uint next;
}

/// <summary>
/// <c>struct dm_target_versions</c>: one target type in a DM_LIST_VERSIONS answer; the name
/// starts at <see cref="NameOffset"/> and <see cref="next"/> is relative to this entry.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct dm_target_versions
{
    public const int NameOffset = 16;

    public uint next;
    public fixed uint version[3];
}

/// <summary><c>struct dm_target_msg</c>: the sector, then the NUL-terminated message.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct dm_target_msg
{
    public const int MessageOffset = 8;

    public ulong sector;
}
