using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ThinPool.Engine.Daemon;

/// <summary>
/// Writes the daemon configuration that points a container runtime at a thin pool.
/// </summary>
/// <remarks>
/// <para>Docker (devicemapper storage driver, removed in Docker 25): <c>storage-driver</c>
/// <c>devicemapper</c> with <c>dm.thinpooldev</c> naming the pool's /dev/mapper path, and
/// deferred removal and deletion on, as the guide's direct-lvm section configures it.</para>
/// <para>containerd (devmapper snapshotter, config version 2): the section
/// <c>[plugins."io.containerd.snapshotter.v1.devmapper"]</c> with <c>pool_name</c> (the name
/// under /dev/mapper), <c>root_path</c> (where the snapshotter keeps its own metadata) and
/// <c>base_image_size</c> (how large each snapshot device is; containerd reads the units as
/// binary, so "10240MB" is 10 GiB).</para>
/// </remarks>
public static class DaemonConfigGenerator
{
    /// <summary>containerd's default base image size: 10 GiB.</summary>
    public const long DefaultBaseImageSizeBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>The default directory for the devmapper snapshotter's metadata.</summary>
    public const string DefaultContainerdRootPath = "/var/lib/containerd/devmapper";

    /// <summary>Docker's daemon.json for a pool.</summary>
    /// <param name="deviceMapperName">The pool's name under /dev/mapper (for LVM:
    /// <c>vg-lv</c>).</param>
    /// <returns>The whole daemon.json.</returns>
    /// <exception cref="ArgumentException">The name is not a device-mapper name.</exception>
    public static DaemonConfig ForDocker(string deviceMapperName)
    {
        ValidateName(deviceMapperName);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("storage-driver", "devicemapper");
            json.WriteStartArray("storage-opts");
            json.WriteStringValue("dm.thinpooldev=/dev/mapper/" + deviceMapperName);
            json.WriteStringValue("dm.use_deferred_removal=true");
            json.WriteStringValue("dm.use_deferred_deletion=true");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        string text = Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        return new DaemonConfig(DaemonKind.Docker, "/etc/docker/daemon.json", "json", text);
    }

    /// <summary>containerd's devmapper snapshotter section for a pool.</summary>
    /// <param name="deviceMapperName">The pool's name under /dev/mapper.</param>
    /// <param name="rootPath">Where the snapshotter keeps its metadata; absolute.</param>
    /// <param name="baseImageSizeBytes">Size of each snapshot device; a positive multiple of
    /// 1 MiB.</param>
    /// <returns>The TOML fragment for /etc/containerd/config.toml.</returns>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public static DaemonConfig ForContainerd(string deviceMapperName,
        string rootPath = DefaultContainerdRootPath,
        long baseImageSizeBytes = DefaultBaseImageSizeBytes)
    {
        ValidateName(deviceMapperName);
        if (string.IsNullOrEmpty(rootPath) || rootPath[0] != '/' || rootPath.Contains('"')
            || rootPath.Contains('\\') || rootPath.Contains('\n'))
        {
            throw new ArgumentException($"The root path '{rootPath}' must be an absolute path " +
                "without quotes, backslashes or newlines.", nameof(rootPath));
        }

        const long MiB = 1024 * 1024;
        if (baseImageSizeBytes <= 0 || baseImageSizeBytes % MiB != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(baseImageSizeBytes), baseImageSizeBytes,
                "The base image size must be a positive multiple of 1 MiB.");
        }

        string size = (baseImageSizeBytes / MiB).ToString(CultureInfo.InvariantCulture) + "MB";
        var text = new StringBuilder();
        text.Append("version = 2\n\n");
        text.Append("[plugins.\"io.containerd.snapshotter.v1.devmapper\"]\n");
        text.Append($"  pool_name = \"{deviceMapperName}\"\n");
        text.Append($"  root_path = \"{rootPath}\"\n");
        text.Append($"  base_image_size = \"{size}\"\n");
        return new DaemonConfig(DaemonKind.Containerd, "/etc/containerd/config.toml", "toml",
            text.ToString());
    }

    /// <summary>The configuration for <paramref name="kind"/> with default settings.</summary>
    /// <param name="kind">The runtime.</param>
    /// <param name="deviceMapperName">The pool's name under /dev/mapper.</param>
    /// <returns>The configuration.</returns>
    public static DaemonConfig For(DaemonKind kind, string deviceMapperName) => kind switch
    {
        DaemonKind.Docker => ForDocker(deviceMapperName),
        DaemonKind.Containerd => ForContainerd(deviceMapperName),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown daemon kind."),
    };

    private static void ValidateName(string name)
    {
        // dm names are at most 127 bytes and may not contain '/'; quotes and control
        // characters would break the generated file, so they are refused too.
        if (string.IsNullOrEmpty(name) || name.Length > 127 || name is "." or ".."
            || name.Any(c => c is '/' or '"' or '\\' or '\'' || char.IsControl(c)
                || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException($"'{name}' is not a device-mapper name usable in a " +
                "daemon configuration.", nameof(name));
        }
    }
}
