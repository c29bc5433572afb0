namespace ThinPool.Engine.Kernel.Interop;

/// <summary>Constants of the loop device interface, named as in uapi <c>linux/loop.h</c>.</summary>
internal static class LoopIoctl
{
    public const int LO_NAME_SIZE = 64;
    public const int LO_KEY_SIZE = 32;

    public const uint LO_FLAGS_READ_ONLY = 1;
    public const uint LO_FLAGS_AUTOCLEAR = 4;
    public const uint LO_FLAGS_PARTSCAN = 8;
    public const uint LO_FLAGS_DIRECT_IO = 16;

    public const int LOOP_SET_FD = 0x4C00;
    public const int LOOP_CLR_FD = 0x4C01;
    public const int LOOP_SET_STATUS64 = 0x4C04;
    public const int LOOP_GET_STATUS64 = 0x4C05;
    public const int LOOP_SET_CAPACITY = 0x4C07;
    public const int LOOP_SET_DIRECT_IO = 0x4C08;
    public const int LOOP_SET_BLOCK_SIZE = 0x4C09;
    public const int LOOP_CONFIGURE = 0x4C0A;

    public const int LOOP_CTL_ADD = 0x4C80;
    public const int LOOP_CTL_REMOVE = 0x4C81;
    public const int LOOP_CTL_GET_FREE = 0x4C82;
}
