namespace ThinPool.Engine.Pool;

/// <summary>
/// Whether a file backs a loop device, read from sysfs (world-readable), so that a process
/// without root can still tell that a pool's files are in the kernel's hands.
/// </summary>
internal static class LoopFiles
{
    public static bool IsAttached(string file)
    {
        string full = Path.GetFullPath(file);
        if (!Directory.Exists("/sys/block"))
        {
            return false;
        }

        foreach (string dir in Directory.EnumerateDirectories("/sys/block", "loop*"))
        {
            string backing = Path.Combine(dir, "loop", "backing_file");
            try
            {
                if (File.Exists(backing) && File.ReadAllText(backing).Trim() == full)
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // Detached while we looked.
            }
        }

        return false;
    }
}
