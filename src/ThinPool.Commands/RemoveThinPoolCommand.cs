using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Deactivates a thin pool if it is active, forgets it and, with
/// -DeleteFiles, deletes its files.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "ThinPool", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolParameterSets.Name, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveThinPoolCommand : ThinPoolCommandBase
{
    /// <summary>The pool names.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PoolParameterSets.Name,
        ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Pools from Get-ThinPool.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PoolParameterSets.InputObject,
        ValueFromPipeline = true)]
    public ThinPoolInfo[] InputObject { get; set; } = Array.Empty<ThinPoolInfo>();

    /// <summary>Delete the data and metadata files, the pool record and the lock file too.</summary>
    [Parameter]
    public SwitchParameter DeleteFiles { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string[] names = ParameterSetName == PoolParameterSets.InputObject
            ? InputObject.Select(p => p.Name).ToArray() : Name;
        foreach (string name in names)
        {
            string target = DeleteFiles
                ? $"{PoolTargetOrName(name)} and its data, metadata and record files"
                : $"thin pool '{name}': deactivate it if active and drop it from the registry "
                    + "(its files stay)";
            if (ShouldProcess(target, "Remove"))
            {
                Try(name, () => Service.RemovePool(name, DeleteFiles));
            }
        }
    }
}
