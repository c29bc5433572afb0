namespace ThinPool.Engine.Kernel.Interop;

/// <summary>
/// The generic Linux ioctl number encoding of <c>asm-generic/ioctl.h</c> (x86 and arm use it):
/// direction in bits 30-31, argument size in bits 16-29, type in 8-15, number in 0-7.
/// </summary>
internal static class IoctlNumber
{
    private const int NrShift = 0;
    private const int TypeShift = 8;
    private const int SizeShift = 16;
    private const int DirShift = 30;
    private const uint IOC_WRITE = 1;
    private const uint IOC_READ = 2;

    /// <summary>
    /// <c>_IOWR(type, nr, size)</c>, as the signed int that Tmds.LibC's ioctl takes.
    /// </summary>
    public static int IOWR(byte type, uint nr, uint size) => unchecked((int)(
        ((IOC_READ | IOC_WRITE) << DirShift) | (size << SizeShift) | ((uint)type << TypeShift)
        | (nr << NrShift)));
}
