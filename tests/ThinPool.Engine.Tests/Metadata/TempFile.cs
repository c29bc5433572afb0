namespace ThinPool.Engine.Tests.Metadata;

/// <summary>A temporary file deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string suffix = ".bin")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(),
                                      $"thinpool-test-{Guid.NewGuid():N}{suffix}");
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
