using System.Runtime.InteropServices;

namespace ThinPool.Engine.Kernel.Interop;

#pragma warning disable IDE1006 // names follow linux/loop.h

/// <summary>
/// <c>struct loop_info64</c>: a loop device's backing file identity, offset and flags.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct loop_info64
{
    public ulong lo_device;
    public ulong lo_inode;
    public ulong lo_rdevice;
    public ulong lo_offset;
    public ulong lo_sizelimit;
    public uint lo_number;
    public uint lo_encrypt_type;
    public uint lo_encrypt_key_size;
    public uint lo_flags;
    public fixed byte lo_file_name[LoopIoctl.LO_NAME_SIZE];
    public fixed byte lo_crypt_name[LoopIoctl.LO_NAME_SIZE];
    public fixed byte lo_encrypt_key[LoopIoctl.LO_KEY_SIZE];
    public fixed ulong lo_init[2];
}

/// <summary><c>struct loop_config</c>: the argument of LOOP_CONFIGURE (Linux 5.8+).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct loop_config
{
    public uint fd;
    public uint block_size;
    public loop_info64 info;
    public fixed ulong __reserved[8];
}
