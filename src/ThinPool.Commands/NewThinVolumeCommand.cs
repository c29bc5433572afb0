using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Creates an empty thin volume in a pool.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "ThinVolume", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolSet, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ThinVolumeInfo))]
public sealed class NewThinVolumeCommand : ThinPoolCommandBase
{
    private const string PoolSet = "Pool";
    private const string InputSet = "InputObject";

    /// <summary>The pool name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PoolSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string Pool { get; set; } = "";

    /// <summary>The pool, from Get-ThinPool.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    public ThinPoolInfo? InputObject { get; set; }

    /// <summary>The volume name.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The virtual size in bytes, such as 10GB; a multiple of 512.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public long Size { get; set; }

    /// <summary>Make this filesystem on the new volume: ext4 or xfs. Needs the pool active
    /// in the kernel.</summary>
    [Parameter]
    [ValidateSet("ext4", "xfs")]
    public string? FileSystem { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string pool = InputObject?.Name ?? Pool;
        string target = $"thin volume '{Name}' ({ByteSize.Format(Size)}"
            + (FileSystem is null ? "" : $", {FileSystem}") + $") in pool '{pool}'";
        if (!ShouldProcess(target, "Create"))
        {
            return;
        }

        Try(Name, () => WriteObject(Service.CreateVolume(pool, Name, Size, FileSystem)));
    }
}
