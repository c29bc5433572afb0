using System.Text.Json;
using System.Text.Json.Serialization;

namespace ThinPool.Engine.Pool;

/// <summary>
/// Reads and writes a pool directory's <c>pool.json</c>, keeping the volume names consistent
/// with the metadata across a crash.
/// </summary>
/// <remarks>
/// A name change (create, snapshot, remove) touches two files: the metadata, where the device
/// ids live, and the descriptor, where the names live. Neither write can be made atomic with
/// the other, so the metadata's transaction id is used as a version number, as Docker's
/// devicemapper driver did:
/// <list type="number">
/// <item>write the new descriptor, stamped with transaction id <c>t+1</c>, to
/// <c>pool.json.pending</c> (write, fsync, rename: the file is whole or absent);</item>
/// <item>change the metadata and compare-and-swap its transaction id from <c>t</c> to
/// <c>t+1</c> in the same commit;</item>
/// <item>rename <c>pool.json.pending</c> over <c>pool.json</c>.</item>
/// </list>
/// On open, whichever record carries the metadata's transaction id is the truth: a crash
/// before step 2's commit leaves the old pair (the pending file is dropped); a crash after it
/// leaves the pending file describing the committed metadata, and it is promoted. A name can
/// therefore never point at a device id the metadata does not agree with.
/// </remarks>
internal static class PoolDescriptorStore
{
    public const string FileName = "pool.json";
    public const string PendingFileName = "pool.json.pending";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string PathOf(string poolDirectory) => Path.Combine(poolDirectory, FileName);

    public static string PendingPathOf(string poolDirectory) =>
        Path.Combine(poolDirectory, PendingFileName);

    public static bool Exists(string poolDirectory) => File.Exists(PathOf(poolDirectory));

    /// <summary>Reads the committed descriptor, without reconciling.</summary>
    public static PoolDescriptor Read(string poolDirectory)
    {
        string path = PathOf(poolDirectory);
        if (!File.Exists(path))
        {
            throw new PoolOperationException(PoolErrorReason.PoolNotFound, poolDirectory,
                $"'{poolDirectory}' holds no thin pool ({FileName} is missing). Check the path, "
                + "or create a pool there with New-ThinPool.");
        }

        return Parse(path);
    }

    /// <summary>Writes <paramref name="descriptor"/> as the committed record.</summary>
    public static void WriteCommitted(string poolDirectory, PoolDescriptor descriptor)
    {
        WriteAtomically(PathOf(poolDirectory), descriptor);
    }

    /// <summary>Step 1: stage the record that the next metadata commit will make true.</summary>
    public static void WritePending(string poolDirectory, PoolDescriptor descriptor)
    {
        WriteAtomically(PendingPathOf(poolDirectory), descriptor);
    }

    /// <summary>Step 3: the metadata committed; the pending record becomes the record.</summary>
    public static void Promote(string poolDirectory)
    {
        File.Move(PendingPathOf(poolDirectory), PathOf(poolDirectory), overwrite: true);
        SyncDirectory(poolDirectory);
    }

    /// <summary>The metadata change failed; forget the staged record.</summary>
    public static void DiscardPending(string poolDirectory)
    {
        File.Delete(PendingPathOf(poolDirectory));
    }

    /// <summary>The staged record of a change that has not been promoted, or null when there
    /// is none or it is torn (its rename never happened).</summary>
    public static PoolDescriptor? ReadPending(string poolDirectory)
    {
        string pendingPath = PendingPathOf(poolDirectory);
        return File.Exists(pendingPath) ? TryParse(pendingPath) : null;
    }

    /// <summary>
    /// Returns the record that matches <paramref name="metadataTransactionId"/>, promoting or
    /// dropping a pending record left by a crash. Only call this while holding the pool lock
    /// exclusively when <paramref name="repair"/> is true.
    /// </summary>
    public static PoolDescriptor Reconcile(string poolDirectory, ulong metadataTransactionId,
        bool repair)
    {
        PoolDescriptor committed = Read(poolDirectory);
        PoolDescriptor? pending = ReadPending(poolDirectory);

        if (committed.TransactionId == metadataTransactionId)
        {
            if (pending is not null && repair)
            {
                DiscardPending(poolDirectory);
            }

            return committed;
        }

        if (pending is not null && pending.TransactionId == metadataTransactionId)
        {
            if (repair)
            {
                Promote(poolDirectory);
            }

            return pending;
        }

        throw new PoolOperationException(PoolErrorReason.RecordMismatch, committed.Name,
            $"The volume names of pool '{committed.Name}' describe transaction "
            + $"{committed.TransactionId} but its metadata is at transaction "
            + $"{metadataTransactionId}. The metadata was changed outside this module; restore "
            + "a matching pool.json or re-import the metadata with Import-ThinPoolMetadata.");
    }

    private static PoolDescriptor? TryParse(string path)
    {
        try
        {
            return Parse(path);
        }
        catch (PoolOperationException)
        {
            // A torn pending file cannot be the truth: its rename never happened.
            return null;
        }
    }

    private static PoolDescriptor Parse(string path)
    {
        try
        {
            PoolDescriptor? descriptor = JsonSerializer.Deserialize<PoolDescriptor>(
                File.ReadAllText(path), Options);
            if (descriptor is null || string.IsNullOrEmpty(descriptor.Name)
                || descriptor.Format != PoolDescriptor.CurrentFormat)
            {
                throw new JsonException("missing name or unknown format version");
            }

            return descriptor;
        }
        catch (JsonException e)
        {
            throw new PoolOperationException(PoolErrorReason.RecordMismatch, path,
                $"The pool record '{path}' is damaged ({e.Message}). Restore it from a backup.",
                e);
        }
    }

    private static void WriteAtomically(string path, PoolDescriptor descriptor)
    {
        string temp = path + ".tmp";
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(descriptor, Options);
        // A link planted at the temporary name is removed, never followed (CreateNew is
        // O_EXCL), and the record is readable by the owner only.
        File.Delete(temp);
        var create = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None,
            Options = FileOptions.WriteThrough,
        };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, create))
        {
            stream.Write(json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(path) ?? ".");
    }

    private static unsafe void SyncDirectory(string directory)
    {
        // A rename is durable only once the directory entry is: fsync the directory itself.
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        int fd;
        fixed (byte* p = bytes)
        {
            fd = Tmds.Linux.LibC.open(p, Tmds.Linux.LibC.O_RDONLY | Tmds.Linux.LibC.O_DIRECTORY
                | Tmds.Linux.LibC.O_CLOEXEC);
        }

        if (fd >= 0)
        {
            // Some filesystems refuse fsync on a directory; the rename has happened anyway.
            _ = Tmds.Linux.LibC.fsync(fd);
            _ = Tmds.Linux.LibC.close(fd);
        }
    }
}
