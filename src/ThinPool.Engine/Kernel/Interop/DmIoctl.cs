namespace ThinPool.Engine.Kernel.Interop;

/// <summary>
/// Constants of the device-mapper ioctl interface, named as in the kernel's uapi
/// <c>linux/dm-ioctl.h</c> so that a reader can check them against the header.
/// </summary>
internal static class DmIoctl
{
    // We send the oldest interface version that has every command we use (4.x). The kernel
    // refuses a different major, or a minor newer than its own, and answers with its version.
    public const uint DM_VERSION_MAJOR = 4;
    public const uint DM_VERSION_MINOR = 0;
    public const uint DM_VERSION_PATCHLEVEL = 0;

    public const int DM_MAX_TYPE_NAME = 16;
    public const int DM_NAME_LEN = 128;
    public const int DM_UUID_LEN = 129;
    public const string DM_DIR = "mapper";
    public const string DM_CONTROL_NODE = "control";

    public const byte DM_IOCTL = 0xfd;

    public const uint DM_VERSION_CMD = 0;
    public const uint DM_REMOVE_ALL_CMD = 1;
    public const uint DM_LIST_DEVICES_CMD = 2;
    public const uint DM_DEV_CREATE_CMD = 3;
    public const uint DM_DEV_REMOVE_CMD = 4;
    public const uint DM_DEV_RENAME_CMD = 5;
    public const uint DM_DEV_SUSPEND_CMD = 6;
    public const uint DM_DEV_STATUS_CMD = 7;
    public const uint DM_DEV_WAIT_CMD = 8;
    public const uint DM_TABLE_LOAD_CMD = 9;
    public const uint DM_TABLE_CLEAR_CMD = 10;
    public const uint DM_TABLE_DEPS_CMD = 11;
    public const uint DM_TABLE_STATUS_CMD = 12;
    public const uint DM_LIST_VERSIONS_CMD = 13;
    public const uint DM_TARGET_MSG_CMD = 14;
    public const uint DM_DEV_SET_GEOMETRY_CMD = 15;

    public const uint DM_READONLY_FLAG = 1 << 0;
    public const uint DM_SUSPEND_FLAG = 1 << 1;
    public const uint DM_PERSISTENT_DEV_FLAG = 1 << 3;
    public const uint DM_STATUS_TABLE_FLAG = 1 << 4;
    public const uint DM_ACTIVE_PRESENT_FLAG = 1 << 5;
    public const uint DM_INACTIVE_PRESENT_FLAG = 1 << 6;
    public const uint DM_BUFFER_FULL_FLAG = 1 << 8;
    public const uint DM_SKIP_BDGET_FLAG = 1 << 9;
    public const uint DM_SKIP_LOCKFS_FLAG = 1 << 10;
    public const uint DM_NOFLUSH_FLAG = 1 << 11;
    public const uint DM_QUERY_INACTIVE_TABLE_FLAG = 1 << 12;
    public const uint DM_UEVENT_GENERATED_FLAG = 1 << 13;
    public const uint DM_UUID_FLAG = 1 << 14;
    public const uint DM_SECURE_DATA_FLAG = 1 << 15;
    public const uint DM_DATA_OUT_FLAG = 1 << 16;
    public const uint DM_DEFERRED_REMOVE = 1 << 17;
    public const uint DM_INTERNAL_SUSPEND_FLAG = 1 << 18;

    /// <summary>
    /// The request number of a device-mapper command: <c>_IOWR(DM_IOCTL, nr, struct dm_ioctl)</c>.
    /// </summary>
    public static unsafe int Request(uint command) =>
        IoctlNumber.IOWR(DM_IOCTL, command, (uint)sizeof(dm_ioctl));
}
