using ThinPool.Engine.Kernel.Interop;

namespace ThinPool.Engine.Pool;

/// <summary>
/// Files the exports write: checked before anything is read, written beside the target as
/// <c>NAME.partial</c> and renamed over it, so a failed export leaves no half file behind.
/// </summary>
public static class OutputFile
{
    /// <summary>
    /// Refuses a target that exists unless <paramref name="overwrite"/>, and always one that
    /// is not a regular file or a symbolic link: the rename would put a plain file in place of
    /// a device node, a pipe or a socket. A symbolic link is replaced itself, never followed.
    /// </summary>
    /// <param name="path">The full path of the file to write.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <exception cref="PoolOperationException">FileExists or NotRegularFile.</exception>
    public static void CheckTarget(string path, bool overwrite)
    {
        if (Sys.Lstat(path, out FileIdentity id) != 0)
        {
            return;
        }

        if (!id.IsRegularFile && !id.IsSymbolicLink)
        {
            throw new PoolOperationException(PoolErrorReason.NotRegularFile, path,
                $"'{path}' is not a regular file (a device, directory, pipe or socket); an "
                + "export writes a new file and would put it in its place. Choose a file path.");
        }

        if (!overwrite)
        {
            throw new PoolOperationException(PoolErrorReason.FileExists, path,
                $"'{path}' already exists. Choose another path, or use -Force to overwrite it.");
        }
    }

    /// <summary>
    /// Writes <paramref name="path"/> through a <c>.partial</c> file beside it: the target
    /// changes only when <paramref name="write"/> has finished and the data is on disk.
    /// </summary>
    /// <param name="path">The full path of the file to write.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <param name="write">Fills the stream.</param>
    public static void Write(string path, bool overwrite, Action<FileStream> write)
    {
        CheckTarget(path, overwrite);
        string temp = path + ".partial";
        try
        {
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite,
                       FileShare.None))
            {
                write(output);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
