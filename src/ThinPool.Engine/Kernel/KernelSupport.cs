using ThinPool.Engine.Kernel.Interop;

namespace ThinPool.Engine.Kernel;

/// <summary>
/// Checks whether this process can use the kernel backend: root, a device-mapper control node,
/// and a kernel that answers DM_VERSION. The report's <see cref="KernelSupportReport.Problem"/>
/// names the first thing missing and points at the offline engine.
/// </summary>
public static class KernelSupport
{
    /// <summary>
    /// Probes the kernel backend's prerequisites; never throws for a missing one.
    /// </summary>
    /// <param name="controlPath">The control node to probe.</param>
    public static KernelSupportReport Probe(string controlPath = DmControl.ControlPath)
    {
        bool isRoot = Sys.EffectiveUserId == 0;
        bool exists = File.Exists(controlPath);
        if (!isRoot)
        {
            return new KernelSupportReport(false, exists, null, null,
                "The kernel backend needs root (device-mapper ioctls require CAP_SYS_ADMIN). "
                + "Run as root, or use -Offline to work on the pool files with the user-space engine.");
        }

        if (!exists)
        {
            return new KernelSupportReport(true, false, null, null,
                $"{controlPath} does not exist: this kernel has no device-mapper (try "
                + "'modprobe dm_thin_pool'). Use -Offline to work on the pool files without it.");
        }

        try
        {
            using DmControl dm = DmControl.Open(controlPath);
            Version version = dm.GetInterfaceVersion();
            Version? thin = dm.ListTargetVersions()
                .FirstOrDefault(t => t.Name == Status.ThinPoolTable.TargetType)?.Version;
            return new KernelSupportReport(true, true, version, thin, null);
        }
        catch (KernelDeviceException e)
        {
            return new KernelSupportReport(true, true, null, null,
                $"{controlPath} does not answer DM_VERSION ({e.Message}). Use -Offline to work on "
                + "the pool files without the kernel.");
        }
    }
}
