using ThinPool.Engine.Kernel;

namespace ThinPool.Engine.Pool;

/// <summary>
/// Lets New-ThinPool run again after a process running it was killed. Before it makes any
/// file it writes <c>pool.creating</c> with the pool's name, and deletes it once the pool is
/// recorded. A directory that holds the marker but no <c>pool.json</c> is what a killed
/// creation of that pool left: its files may be overwritten and the kernel devices it made
/// (a loop pool and its loops) taken down, without -Force.
/// </summary>
internal static class KilledCreation
{
    public const string FileName = "pool.creating";

    private static string PathOf(string directory) => Path.Combine(directory, FileName);

    /// <summary>Whether <paramref name="directory"/> holds an interrupted creation of
    /// <paramref name="name"/>.</summary>
    public static bool Left(string directory, string name) =>
        Marks(directory, name) && !PoolDescriptorStore.Exists(directory);

    /// <summary>Whether a killed creation of <paramref name="name"/> got as far as writing the
    /// pool record in <paramref name="directory"/> but not registering it.</summary>
    public static bool RecordedNotRegistered(string directory, string name, PoolRegistry registry) =>
        Marks(directory, name) && PoolDescriptorStore.Exists(directory)
        && PoolDescriptorStore.Read(directory).Name == name && registry.Find(name) is null;

    /// <summary>Whether the marker in <paramref name="directory"/> names
    /// <paramref name="name"/>.</summary>
    private static bool Marks(string directory, string name)
    {
        string marker = PathOf(directory);
        return File.Exists(marker) && File.ReadAllText(marker).Trim() == name;
    }

    public static void Mark(string directory, string name)
    {
        // A link planted at the marker's name is removed, never followed (CreateNew is O_EXCL).
        string marker = PathOf(directory);
        File.Delete(marker);
        var create = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write,
            Options = FileOptions.WriteThrough,
        };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(marker, create);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(name + "\n"));
        stream.Flush(flushToDisk: true);
    }

    public static void Clear(string directory) => File.Delete(PathOf(directory));

    /// <summary>
    /// Takes down what the interrupted run made in the kernel: a pool device of that name on
    /// this directory's files, and loops still attached to them. A device of that name on
    /// anything else belongs to someone else and stops the creation.
    /// </summary>
    public static void TearDown(string directory, PoolDescriptor descriptor, IPoolSink sink)
    {
        if (descriptor.Mode != PoolMode.Loop || !PoolBackends.Kernel.IsSupported)
        {
            return;
        }

        string data = Path.Combine(directory, descriptor.DataFile);
        string metadata = Path.Combine(directory, descriptor.MetadataFile);
        using DmControl dm = DmControl.Open();
        if (KernelThinPool.Find(dm, descriptor.Name) is { } pool)
        {
            string? ours = LoopDevice.FindAttached(data)?.Device.ToString();
            if (pool.GetTable().DataDevice != ours)
            {
                throw new PoolOperationException(PoolErrorReason.PoolExists, descriptor.Name,
                    $"A device-mapper device named '{descriptor.Name}' runs on other devices "
                    + $"than the files in '{directory}'. Choose another pool name.");
            }

            sink.Change($"Deactivating the pool device '{descriptor.Name}' the interrupted run "
                + "made.");
            _ = pool.Deactivate();
        }

        foreach (string file in new[] { data, metadata })
        {
            // Loops with autoclear go with the pool, a moment later; the others are detached.
            for (int attempt = 0; LoopDevice.FindAttached(file) is { } loop; attempt++)
            {
                sink.Change($"Detaching '{loop.Path}' from '{file}'.");
                try
                {
                    loop.Detach();
                }
                catch (LoopDeviceException) when (attempt < 50)
                {
                    Thread.Sleep(20);
                }
            }
        }
    }
}
