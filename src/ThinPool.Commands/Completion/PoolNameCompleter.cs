using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands.Completion;

/// <summary>
/// Completes pool names from the pool registry (<c>$env:THINPOOL_REGISTRY</c> or the default),
/// for parameters such as <c>New-ThinVolume -Pool</c> and <c>Get-ThinPool -Name</c>. It reads
/// only the registry's small index files, never a pool's metadata, so it stays quick.
/// </summary>
public sealed class PoolNameCompleter : IArgumentCompleter
{
    /// <summary>The registered pool names that start with what was typed, in name order.</summary>
    /// <param name="commandName">The command being completed.</param>
    /// <param name="parameterName">The parameter being completed.</param>
    /// <param name="wordToComplete">What was typed so far, possibly quoted.</param>
    /// <param name="commandAst">The command's syntax tree.</param>
    /// <param name="fakeBoundParameters">The parameters bound so far.</param>
    /// <returns>One completion per matching pool; none when the registry cannot be read.</returns>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
        string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IReadOnlyList<KeyValuePair<string, string>> pools;
        try
        {
            pools = new PoolRegistry(PoolRegistry.DefaultDirectory()).List();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Completion must never fail the prompt; an unreadable registry offers nothing.
            return Array.Empty<CompletionResult>();
        }

        return CompletionText.Filter(pools.Select(p => p.Key), wordToComplete,
            name => $"thin pool in '{pools.First(p => p.Key == name).Value}'");
    }
}
