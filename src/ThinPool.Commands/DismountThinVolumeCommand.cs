using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Kernel;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Deactivates a thin volume: removes /dev/mapper/POOL-VOLUME. The
/// volume and its data stay in the pool.</para>
/// </summary>
[Cmdlet(VerbsData.Dismount, "ThinVolume", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolSet, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class DismountThinVolumeCommand : ThinPoolCommandBase
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

    /// <summary>Remove a device that is still open at its last close instead of
    /// failing.</summary>
    [Parameter]
    public SwitchParameter Deferred { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        IEnumerable<(string Pool, string Name)> volumes = ParameterSetName == InputSet
            ? InputObject.Select(v => (v.Pool, v.Name))
            : Name.Select(n => (Pool, n));
        foreach ((string pool, string name) in volumes)
        {
            string target = $"device /dev/mapper/{PoolRules.DeviceMapperName(pool, name)} of "
                + $"thin volume '{name}' in pool '{pool}'";
            if (ShouldProcess(target, "Deactivate"))
            {
                Try(name, () =>
                {
                    DmRemoveOutcome outcome = Service.DismountVolume(pool, name, Deferred);
                    if (outcome == DmRemoveOutcome.NotFound)
                    {
                        WriteVerbose($"Volume '{name}' of pool '{pool}' was not active.");
                    }
                });
            }
        }
    }
}
