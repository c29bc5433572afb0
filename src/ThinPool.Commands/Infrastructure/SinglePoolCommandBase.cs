using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands.Infrastructure;

/// <summary>
/// The cmdlets that act on one pool per record: named, or a pool object from Get-ThinPool on
/// the pipeline.
/// </summary>
public abstract class SinglePoolCommandBase : ThinPoolCommandBase
{
    /// <summary>The pool name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PoolParameterSets.Name,
        ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The pool, from Get-ThinPool.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PoolParameterSets.InputObject,
        ValueFromPipeline = true)]
    public ThinPoolInfo? InputObject { get; set; }

    /// <summary>The name of the pool this record is about.</summary>
    internal string PoolName => InputObject?.Name ?? Name;
}
