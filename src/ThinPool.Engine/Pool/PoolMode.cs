namespace ThinPool.Engine.Pool;

/// <summary>How a pool's data and metadata reach the kernel, if at all.</summary>
public enum PoolMode
{
    /// <summary>No kernel device: the pool files are read and written in user space.</summary>
    Offline,

    /// <summary>The pool files are attached to loop devices and run by device-mapper.</summary>
    Loop,

    /// <summary>Data and metadata are existing block devices run by device-mapper.</summary>
    Direct,

    /// <summary>An LVM thin pool.</summary>
    Lvm,
}
