namespace ThinPool.Kernel.Tests;

/// <summary>A named real-kernel test.</summary>
/// <param name="Name">Printed in the result line.</param>
/// <param name="Body">The test; throws to fail, throws <see cref="SkipException"/> to skip.</param>
internal sealed record Scenario(string Name, Action<KernelTestContext> Body);

/// <summary>Thrown by a scenario that cannot run here.</summary>
internal sealed class SkipException(string reason) : Exception(reason);

/// <summary>Thrown by a failed check.</summary>
internal sealed class CheckException(string message) : Exception(message);
