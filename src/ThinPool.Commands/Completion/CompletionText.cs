using System.Management.Automation;

namespace ThinPool.Commands.Completion;

/// <summary>Filtering and quoting shared by the completers.</summary>
internal static class CompletionText
{
    /// <summary>
    /// The names that start with <paramref name="wordToComplete"/> (quotes stripped; case
    /// ignored, as a convenience when typing), sorted, each quoted when it needs to be.
    /// </summary>
    public static IEnumerable<CompletionResult> Filter(IEnumerable<string> names,
        string wordToComplete, Func<string, string> tooltip)
    {
        string typed = (wordToComplete ?? "").Trim('\'', '"');
        return names
            .Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue,
                tooltip(n)))
            .ToList();
    }

    /// <summary>A name as it can be typed: single-quoted when it holds a character that
    /// PowerShell would read as syntax.</summary>
    public static string Quote(string name)
    {
        bool plain = name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '+')
            && !name.StartsWith('-');
        return plain ? name : "'" + name.Replace("'", "''") + "'";
    }
}
