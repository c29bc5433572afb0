using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands.Completion;

/// <summary>
/// Completes volume names of the pool already given with <c>-Pool</c> on the same command line,
/// for parameters such as <c>Remove-ThinVolume -Name</c> and <c>New-ThinSnapshot -Origin</c>.
/// With no pool bound yet, or a pool that cannot be read, it offers nothing rather than guess.
/// </summary>
public sealed class VolumeNameCompleter : IArgumentCompleter
{
    /// <summary>The parameter whose value names the pool.</summary>
    public const string PoolParameter = "Pool";

    /// <summary>The volumes of the bound pool that start with what was typed.</summary>
    /// <param name="commandName">The command being completed.</param>
    /// <param name="parameterName">The parameter being completed.</param>
    /// <param name="wordToComplete">What was typed so far, possibly quoted.</param>
    /// <param name="commandAst">The command's syntax tree.</param>
    /// <param name="fakeBoundParameters">The parameters bound so far; -Pool is read.</param>
    /// <returns>One completion per matching volume, snapshots marked with their origin.</returns>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
        string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string? pool = BoundPool(fakeBoundParameters);
        if (pool is null || WildcardPattern.ContainsWildcardCharacters(pool))
        {
            return Array.Empty<CompletionResult>();
        }

        IReadOnlyList<ThinVolumeInfo> volumes;
        try
        {
            var service = new ThinPoolService(new PoolRegistry(PoolRegistry.DefaultDirectory()));
            volumes = service.GetVolumes(pool);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An unknown, locked or damaged pool: completion must never fail the prompt.
            return Array.Empty<CompletionResult>();
        }

        return CompletionText.Filter(volumes.Select(v => v.Name), wordToComplete, name =>
        {
            ThinVolumeInfo v = volumes.First(x => x.Name == name);
            return v.Origin is null
                ? $"thin volume, {v.SizeBytes} bytes"
                : $"snapshot of '{v.Origin}', {v.SizeBytes} bytes";
        });
    }

    private static string? BoundPool(IDictionary bound)
    {
        if (!bound.Contains(PoolParameter))
        {
            return null;
        }

        // -Pool is a string on most cmdlets and a string[] on Get-ThinVolume; one pool only.
        return bound[PoolParameter] switch
        {
            string s => s,
            string[] { Length: 1 } a => a[0],
            object[] { Length: 1 } o => o[0]?.ToString(),
            PSObject { BaseObject: string s } => s,
            _ => null,
        };
    }
}
