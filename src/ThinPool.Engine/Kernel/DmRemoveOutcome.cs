namespace ThinPool.Engine.Kernel;

/// <summary>What a removal did.</summary>
public enum DmRemoveOutcome
{
    /// <summary>The device is gone.</summary>
    Removed,

    /// <summary>The device is open; it will go when its last opener closes it.</summary>
    Deferred,

    /// <summary>There was no such device.</summary>
    NotFound,
}
