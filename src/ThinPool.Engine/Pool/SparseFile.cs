using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace ThinPool.Engine.Pool;

/// <summary>
/// Finds the parts of a file that hold data (lseek with SEEK_DATA and SEEK_HOLE), so that a
/// sparse image's holes are skipped instead of read as zeros.
/// </summary>
internal static class SparseFile
{
    // Linux values; Tmds.LibC does not name them.
    private const int SeekData = 3;
    private const int SeekHole = 4;
    private const int ENXIO = 6;

    /// <summary>
    /// The byte ranges [start, end) of <paramref name="handle"/> that may hold data. When the
    /// filesystem cannot tell, the whole file is one range.
    /// </summary>
    public static IReadOnlyList<(long Start, long End)> DataExtents(SafeFileHandle handle,
        long length)
    {
        var extents = new List<(long, long)>();
        int fd = (int)handle.DangerousGetHandle();
        long offset = 0;
        while (offset < length)
        {
            long start = LibC.lseek(fd, offset, SeekData);
            if (start < 0)
            {
                if (LibC.errno == ENXIO)
                {
                    break;   // no data after offset: the rest is a hole
                }

                return new[] { (0L, length) };   // SEEK_DATA unsupported here
            }

            long end = LibC.lseek(fd, start, SeekHole);
            if (end < 0)
            {
                return new[] { (0L, length) };
            }

            extents.Add((start, Math.Min(end, length)));
            offset = end;
        }

        return extents;
    }
}
