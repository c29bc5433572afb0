namespace ThinPool.Engine.Pool;

/// <summary>Why the pool layer refused a request; each reason maps to one cmdlet ErrorId.</summary>
public enum PoolErrorReason
{
    /// <summary>A pool with that name or in that directory already exists.</summary>
    PoolExists,

    /// <summary>No pool with that name or in that directory is known.</summary>
    PoolNotFound,

    /// <summary>A pool file to be created already exists and holds data.</summary>
    PoolFilesNotEmpty,

    /// <summary>A volume with that name already exists in the pool.</summary>
    VolumeExists,

    /// <summary>No volume with that name exists in the pool.</summary>
    VolumeNotFound,

    /// <summary>A pool or volume name is empty, too long or holds forbidden characters.</summary>
    InvalidName,

    /// <summary>The block size is not a multiple of 64 KiB between 64 KiB and 1 GiB.</summary>
    InvalidBlockSize,

    /// <summary>A size or percentage is out of range.</summary>
    InvalidSize,

    /// <summary>A resize asked for a smaller pool; pools only grow.</summary>
    ShrinkNotSupported,

    /// <summary>The metadata would exceed the format's maximum.</summary>
    MetadataTooLarge,

    /// <summary>Free data or metadata space is below the pool's minimum free space.</summary>
    MinFreeSpaceReached,

    /// <summary>Every device id is in use.</summary>
    DeviceIdsExhausted,

    /// <summary>Another process holds the pool's lock.</summary>
    PoolLocked,

    /// <summary>The pool's name record does not match its metadata transaction id.</summary>
    RecordMismatch,

    /// <summary>The volume is a read-only snapshot.</summary>
    VolumeReadOnly,

    /// <summary>An input file is missing.</summary>
    FileNotFound,

    /// <summary>An output file exists and overwriting was not allowed.</summary>
    FileExists,

    /// <summary>An output path names a device, directory or other non-file that a write
    /// would replace.</summary>
    NotRegularFile,

    /// <summary>Imported metadata does not fit the pool (block size, data size).</summary>
    MetadataMismatch,

    /// <summary>The operation needs the kernel (root and device-mapper), which is missing.</summary>
    KernelUnavailable,

    /// <summary>The operation needs the pool active in the kernel, and it is not.</summary>
    PoolNotActive,

    /// <summary>The operation needs the pool inactive, and it is active.</summary>
    PoolActive,

    /// <summary>A device is open and could not be removed.</summary>
    DeviceBusy,

    /// <summary>A block device to be used carries a filesystem or partition signature.</summary>
    DeviceHasSignature,

    /// <summary>Making a filesystem on a volume failed.</summary>
    FileSystemFailed,

    /// <summary>The operation does not apply to the pool's mode (an LVM-only growth on a
    /// pool on files, a metadata import into a pool lvm owns).</summary>
    WrongMode,

    /// <summary>A device path is not usable: not absolute, named twice, or missing.</summary>
    InvalidDevice,
}
