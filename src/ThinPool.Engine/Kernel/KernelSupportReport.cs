namespace ThinPool.Engine.Kernel;

/// <summary>The result of <see cref="KernelSupport.Probe"/>.</summary>
/// <param name="IsRoot">True when the effective user is root.</param>
/// <param name="ControlExists">True when the control node exists.</param>
/// <param name="InterfaceVersion">The DM_VERSION answer, or null when it could not be asked.</param>
/// <param name="ThinPoolVersion">The loaded thin-pool target's version, or null when it is not
/// loaded yet (the kernel loads it on the first pool table).</param>
/// <param name="Problem">One sentence naming what is missing, or null when all is well.</param>
public sealed record KernelSupportReport(bool IsRoot, bool ControlExists, Version? InterfaceVersion,
    Version? ThinPoolVersion, string? Problem)
{
    /// <summary>True when the kernel backend can be used.</summary>
    public bool IsSupported => Problem is null;
}
