using System.Diagnostics;
using System.Globalization;

namespace ThinPool.Engine.Pool;

/// <summary>
/// An advisory lock on a pool directory (<c>.lock</c>), so that two processes never change one
/// pool at once. Readers share it; writers hold it alone. A busy lock is retried until a
/// bounded wait runs out, then refused with <see cref="PoolErrorReason.PoolLocked"/>.
/// </summary>
/// <remarks>
/// The lock is .NET's <see cref="FileShare"/> enforcement, which on Linux is
/// <c>flock(LOCK_EX|LOCK_NB)</c> for <see cref="FileShare.None"/> and <c>LOCK_SH</c> for a
/// read-only handle that shares; flock locks belong to the open file, so two handles in one
/// process exclude each other as two processes do, and the kernel drops them if we die.
/// </remarks>
internal sealed class PoolLock : IDisposable
{
    public const string FileName = ".lock";

    /// <summary>Held, alone, by whoever holds the kernel's metadata snapshot of a live pool
    /// (see <see cref="KernelBackend"/>).</summary>
    public const string SnapshotFileName = ".snapshot.lock";

    /// <summary>Overrides the default wait (seconds, decimal) — for tests and slow disks.</summary>
    public const string TimeoutVariable = "THINPOOL_LOCK_TIMEOUT";

    private readonly FileStream _stream;

    private PoolLock(FileStream stream)
    {
        _stream = stream;
    }

    public static TimeSpan DefaultTimeout
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable(TimeoutVariable);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture,
                out double seconds) && seconds >= 0
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromSeconds(10);
        }
    }

    public static PoolLock Acquire(string poolDirectory, string poolName, bool exclusive,
        IPoolSink sink, string fileName = FileName)
    {
        string path = Path.Combine(poolDirectory, fileName);
        TimeSpan timeout = DefaultTimeout;
        var clock = Stopwatch.StartNew();
        bool reported = false;
        while (true)
        {
            try
            {
                return new PoolLock(Open(path, exclusive));
            }
            catch (IOException e) when (e is not FileNotFoundException
                                        and not DirectoryNotFoundException)
            {
                if (clock.Elapsed >= timeout)
                {
                    throw new PoolOperationException(PoolErrorReason.PoolLocked, poolName,
                        $"Pool '{poolName}' is in use by another process (waited "
                        + $"{timeout.TotalSeconds:0.#} s for '{path}'). Try again when it "
                        + "finishes.", e);
                }

                if (!reported)
                {
                    sink.Query($"Pool '{poolName}' is locked by another process; waiting.");
                    reported = true;
                }

                Thread.Sleep(50);
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    private static FileStream Open(string path, bool exclusive)
    {
        if (new FileInfo(path).LinkTarget is not null)
        {
            // Creating or opening through a planted link would touch a file elsewhere.
            throw new IOException($"Cannot open '{path}': it is a symbolic link, which is refused.");
        }

        var create = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite,
            Share = exclusive ? FileShare.None : FileShare.ReadWrite,
        };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        if (exclusive)
        {
            return new FileStream(path, create);
        }

        if (!File.Exists(path))
        {
            // Create it, then reopen shared: a read-only open cannot create.
            new FileStream(path, create).Dispose();
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
    }
}
