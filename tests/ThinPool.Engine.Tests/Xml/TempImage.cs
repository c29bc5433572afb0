using ThinPool.Engine.IO;

namespace ThinPool.Engine.Tests.Xml;

/// <summary>An in-memory metadata device that can be saved to a temporary file for the oracles.</summary>
internal sealed class TempImage : IDisposable
{
    public TempImage(long length)
    {
        Device = new MemoryBlockDevice(length);
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"thinpool-test-{Guid.NewGuid():N}.bin");
    }

    public MemoryBlockDevice Device { get; }

    public string Path { get; }

    public void Save() => File.WriteAllBytes(Path, Device.ToArray());

    public void Dispose()
    {
        Device.Dispose();
        File.Delete(Path);
    }
}
