using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Activates a thin volume or snapshot as /dev/mapper/POOL-VOLUME on an
/// active pool.</para>
/// </summary>
[Cmdlet(VerbsData.Mount, "ThinVolume", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolSet, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ThinVolumeInfo))]
public sealed class MountThinVolumeCommand : ThinPoolCommandBase
{
    private const string PoolSet = "Pool";
    private const string InputSet = "InputObject";

    /// <summary>The pool name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PoolSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string Pool { get; set; } = "";

    /// <summary>The volume names.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PoolSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VolumeNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Volumes from Get-ThinVolume.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    public ThinVolumeInfo[] InputObject { get; set; } = Array.Empty<ThinVolumeInfo>();

    /// <summary>Activate the device read-only.</summary>
    [Parameter]
    public SwitchParameter ReadOnly { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        IEnumerable<(string Pool, string Name)> volumes = ParameterSetName == InputSet
            ? InputObject.Select(v => (v.Pool, v.Name))
            : Name.Select(n => (Pool, n));
        foreach ((string pool, string name) in volumes)
        {
            string target = $"thin volume '{name}' in pool '{pool}' as /dev/mapper/"
                + PoolRules.DeviceMapperName(pool, name) + (ReadOnly ? " (read-only)" : "");
            if (ShouldProcess(target, "Activate"))
            {
                Try(name, () => WriteObject(Service.MountVolume(pool, name, ReadOnly)));
            }
        }
    }
}
