using System.Management.Automation;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Daemon;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Writes the Docker or containerd configuration that uses a thin
/// pool.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "ThinPoolDaemonConfig", DefaultParameterSetName = InputSet)]
[OutputType(typeof(DaemonConfig))]
public sealed class ConvertToThinPoolDaemonConfigCommand : ThinPoolCommandBase
{
    private const string InputSet = "InputObject";
    private const string DeviceSet = "DeviceName";

    /// <summary>Pools from Get-ThinPool; the pool's device is /dev/mapper/DEVICEMAPPERNAME (for
    /// an LVM pool, the VG-LV name lvm gives it).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputSet,
        ValueFromPipeline = true)]
    public ThinPoolInfo[] InputObject { get; set; } = Array.Empty<ThinPoolInfo>();

    /// <summary>A pool's name under /dev/mapper, for a pool this module does not manage.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DeviceSet)]
    [ValidateNotNullOrEmpty]
    public string DeviceName { get; set; } = "";

    /// <summary>The runtime: Docker (daemon.json) or Containerd (config.toml).</summary>
    [Parameter(Mandatory = true)]
    public DaemonKind For { get; set; }

    /// <summary>containerd only: where the snapshotter keeps its metadata.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string RootPath { get; set; } = DaemonConfigGenerator.DefaultContainerdRootPath;

    /// <summary>containerd only: the size of each snapshot device, in bytes (a multiple of
    /// 1 MiB; 10 GiB by default).</summary>
    [Parameter]
    [ValidateRange(1L, long.MaxValue)]
    public long BaseImageSize { get; set; } = DaemonConfigGenerator.DefaultBaseImageSizeBytes;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == DeviceSet)
        {
            Emit(DeviceName, DeviceName);
            return;
        }

        foreach (ThinPoolInfo pool in InputObject)
        {
            if (pool.Mode == PoolMode.Offline)
            {
                WriteError("OfflinePoolHasNoDevice", ErrorCategory.InvalidOperation, pool,
                    $"Pool '{pool.Name}' is an offline pool and has no device-mapper device " +
                    "for a daemon to use. Create it in Loop, Direct or Lvm mode.");
                continue;
            }

            Emit(pool.DeviceMapperName ?? pool.Name, pool);
        }
    }

    private void Emit(string deviceName, object target)
    {
        try
        {
            WriteObject(For == DaemonKind.Docker
                ? DaemonConfigGenerator.ForDocker(deviceName)
                : DaemonConfigGenerator.ForContainerd(deviceName, RootPath, BaseImageSize));
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "InvalidDaemonConfigValue", ErrorCategory.InvalidArgument,
                target));
        }
    }
}
