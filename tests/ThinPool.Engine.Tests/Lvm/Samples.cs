using System.Runtime.CompilerServices;

namespace ThinPool.Engine.Tests.Lvm;

// Reads the captured lvm2 outputs kept beside these tests (see Samples/README.md). The folder
// is found from this file's own path, so the test project needs no copy rule for it.
internal static class Samples
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(Folder(), "Samples", name));

    private static string Folder([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path)!;
}
