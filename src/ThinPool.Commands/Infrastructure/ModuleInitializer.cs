using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace ThinPool.Commands.Infrastructure;

/// <summary>
/// Runs when the module is imported. Tmds.LibC ships one assembly per runtime identifier
/// (<c>runtimes/linux-x64</c>, <c>runtimes/linux-arm64</c>), and PowerShell resolves a binary
/// module's dependencies from the module folder only, so the matching assembly is loaded here.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory =
        Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

    /// <summary>Registers the resolver for runtime-specific dependencies.</summary>
    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveRuntimeSpecific;

    /// <summary>Removes the resolver when the module is removed.</summary>
    /// <param name="psModuleInfo">The module being removed.</param>
    public void OnRemove(PSModuleInfo psModuleInfo) =>
        AssemblyLoadContext.Default.Resolving -= ResolveRuntimeSpecific;

    /// <summary>The runtime identifier folder for this process, such as <c>linux-x64</c>.</summary>
    internal static string RuntimeFolder => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "linux-x64",
        Architecture.Arm64 => "linux-arm64",
        Architecture.Arm => "linux-arm",
        var other => "linux-" + other.ToString().ToLowerInvariant(),
    };

    private static Assembly? ResolveRuntimeSpecific(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is not "Tmds.LibC")
        {
            return null;
        }

        var path = Path.Combine(ModuleDirectory, "runtimes", RuntimeFolder, "lib",
            "netstandard2.0", name.Name + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }
}
