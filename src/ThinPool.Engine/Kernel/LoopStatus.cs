namespace ThinPool.Engine.Kernel;

/// <summary>What LOOP_GET_STATUS64 says about an attached loop device.</summary>
/// <param name="BackingDevice">st_dev of the backing file (dev_t encoding).</param>
/// <param name="BackingInode">st_ino of the backing file.</param>
/// <param name="OffsetBytes">Where in the file the device starts.</param>
/// <param name="SizeLimitBytes">The size limit; 0 for the whole file.</param>
/// <param name="FileName">The recorded file name (informational, at most 63 bytes).</param>
/// <param name="IsReadOnly">True when attached read-only.</param>
/// <param name="IsAutoClear">True when the loop detaches at its last close.</param>
public sealed record LoopStatus(ulong BackingDevice, ulong BackingInode, ulong OffsetBytes,
    ulong SizeLimitBytes, string FileName, bool IsReadOnly, bool IsAutoClear);
