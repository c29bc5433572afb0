using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ThinPool.Engine.Kernel.Interop;
using Xunit;

namespace ThinPool.Engine.Tests.Kernel;

// Sizes and offsets are those of the C headers on x86-64 (linux/dm-ioctl.h, linux/loop.h),
// written out here by hand so a change to our mirror structs cannot silently pass.
public sealed class InteropLayoutTests
{
    public static TheoryData<Type, int> Sizes => new()
    {
        { typeof(dm_ioctl), 312 },
        { typeof(dm_target_spec), 40 },
        { typeof(dm_target_versions), 16 },
        { typeof(dm_name_list), 16 },
        { typeof(dm_target_msg), 8 },
        { typeof(loop_info64), 232 },
        { typeof(loop_config), 304 },
    };

    public static TheoryData<Type, string, int> Offsets => new()
    {
        { typeof(dm_ioctl), "version", 0 },
        { typeof(dm_ioctl), "data_size", 12 },
        { typeof(dm_ioctl), "data_start", 16 },
        { typeof(dm_ioctl), "target_count", 20 },
        { typeof(dm_ioctl), "open_count", 24 },
        { typeof(dm_ioctl), "flags", 28 },
        { typeof(dm_ioctl), "event_nr", 32 },
        { typeof(dm_ioctl), "padding", 36 },
        { typeof(dm_ioctl), "dev", 40 },
        { typeof(dm_ioctl), "name", 48 },
        { typeof(dm_ioctl), "uuid", 176 },
        { typeof(dm_ioctl), "data", 305 },
        { typeof(dm_target_spec), "sector_start", 0 },
        { typeof(dm_target_spec), "length", 8 },
        { typeof(dm_target_spec), "status", 16 },
        { typeof(dm_target_spec), "next", 20 },
        { typeof(dm_target_spec), "target_type", 24 },
        { typeof(dm_target_versions), "next", 0 },
        { typeof(dm_target_versions), "version", 4 },
        { typeof(dm_name_list), "dev", 0 },
        { typeof(dm_name_list), "next", 8 },
        { typeof(dm_target_msg), "sector", 0 },
        { typeof(loop_info64), "lo_device", 0 },
        { typeof(loop_info64), "lo_inode", 8 },
        { typeof(loop_info64), "lo_rdevice", 16 },
        { typeof(loop_info64), "lo_offset", 24 },
        { typeof(loop_info64), "lo_sizelimit", 32 },
        { typeof(loop_info64), "lo_number", 40 },
        { typeof(loop_info64), "lo_encrypt_type", 44 },
        { typeof(loop_info64), "lo_encrypt_key_size", 48 },
        { typeof(loop_info64), "lo_flags", 52 },
        { typeof(loop_info64), "lo_file_name", 56 },
        { typeof(loop_info64), "lo_crypt_name", 120 },
        { typeof(loop_info64), "lo_encrypt_key", 184 },
        { typeof(loop_info64), "lo_init", 216 },
        { typeof(loop_config), "fd", 0 },
        { typeof(loop_config), "block_size", 4 },
        { typeof(loop_config), "info", 8 },
        { typeof(loop_config), "__reserved", 240 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void StructSizeMatchesTheCHeader(Type type, int expected)
    {
        int managed = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!
            .MakeGenericMethod(type).Invoke(null, null)!;

        Assert.Equal(expected, managed);
        Assert.Equal(expected, Marshal.SizeOf(type));
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void FieldOffsetMatchesTheCHeader(Type type, string field, int expected)
    {
        Assert.Equal(expected, (int)Marshal.OffsetOf(type, field));
    }

    [Fact]
    public void FlexibleNamesStartWhereTheCHeaderPutsThem()
    {
        Assert.Equal(12, dm_name_list.NameOffset);
        Assert.Equal(16, dm_target_versions.NameOffset);
        Assert.Equal(8, dm_target_msg.MessageOffset);
    }

    [Theory]
    [InlineData(DmIoctl.DM_VERSION_CMD, 0xC138FD00u)]
    [InlineData(DmIoctl.DM_LIST_DEVICES_CMD, 0xC138FD02u)]
    [InlineData(DmIoctl.DM_DEV_CREATE_CMD, 0xC138FD03u)]
    [InlineData(DmIoctl.DM_TABLE_STATUS_CMD, 0xC138FD0Cu)]
    [InlineData(DmIoctl.DM_TARGET_MSG_CMD, 0xC138FD0Eu)]
    public void RequestNumberIsIowrOfDmIoctl(uint command, uint expected)
    {
        Assert.Equal(unchecked((int)expected), DmIoctl.Request(command));
    }

    [Theory]
    [InlineData(nameof(DmIoctl.DM_BUFFER_FULL_FLAG), 0x100u)]
    [InlineData(nameof(DmIoctl.DM_STATUS_TABLE_FLAG), 0x10u)]
    [InlineData(nameof(DmIoctl.DM_DATA_OUT_FLAG), 0x10000u)]
    [InlineData(nameof(DmIoctl.DM_DEFERRED_REMOVE), 0x20000u)]
    [InlineData(nameof(DmIoctl.DM_QUERY_INACTIVE_TABLE_FLAG), 0x1000u)]
    public void FlagHasTheHeaderValue(string name, uint expected)
    {
        Assert.Equal(expected, (uint)typeof(DmIoctl).GetField(name)!.GetValue(null)!);
    }
}
