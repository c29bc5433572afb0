using ThinPool.Engine.Lvm;

namespace ThinPool.Engine.Pool;

/// <summary>
/// Makes a filesystem on a thin volume's device. Discards at mkfs time are turned off: on a new
/// thin volume every block is already unmapped, and the discard pass only costs time. ext4's
/// lazy table and journal initialisation is turned off too, so the kernel does not write
/// them in the background later, after a snapshot may already share those blocks.
/// </summary>
internal static class FileSystemMaker
{
    public static string Validate(string kind) => kind.ToLowerInvariant() switch
    {
        "ext4" => "ext4",
        "xfs" => "xfs",
        _ => throw new PoolOperationException(PoolErrorReason.InvalidName, kind,
            $"'{kind}' is not a filesystem ThinPool makes. Give -FileSystem ext4 or xfs."),
    };

    public static void Make(string kind, string device, string label)
    {
        (string tool, string[] arguments) = kind == "ext4"
            ? ("mkfs.ext4", new[]
            {
                "-q", "-F", "-E", "nodiscard,lazy_itable_init=0,lazy_journal_init=0", device,
            })
            : ("mkfs.xfs", new[] { "-q", "-f", "-K", device });
        ProcessResult result;
        try
        {
            result = SystemProcessRunner.Instance.Run(tool, arguments,
                new Dictionary<string, string>());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PoolOperationException(PoolErrorReason.FileSystemFailed, label,
                $"{tool} is not installed ({e.Message}). Install it (e2fsprogs or xfsprogs), or "
                + "create the volume without -FileSystem.", e);
        }

        if (result.ExitCode != 0)
        {
            throw new PoolOperationException(PoolErrorReason.FileSystemFailed, label,
                $"{tool} failed on '{device}' (exit {result.ExitCode}): "
                + result.StandardError.Trim());
        }
    }
}
