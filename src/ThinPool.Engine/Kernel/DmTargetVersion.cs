namespace ThinPool.Engine.Kernel;

/// <summary>A target type the kernel has loaded, with its version.</summary>
/// <param name="Name">The target type name, e.g. <c>thin-pool</c>.</param>
/// <param name="Version">The target's version.</param>
public sealed record DmTargetVersion(string Name, Version Version);
