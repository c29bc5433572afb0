using System.Management.Automation;

namespace ThinPool.Commands.Infrastructure;

/// <summary>Turns names and wildcard patterns into registered pool names.</summary>
internal static class PoolNames
{
    /// <summary>
    /// The registered pools matching <paramref name="patterns"/> (all when null); a plain
    /// name that is not registered is passed through, so the call reports it as not found.
    /// </summary>
    public static IEnumerable<string> Resolve(ThinPoolCommandBase cmdlet, string[]? patterns)
    {
        bool anyWildcard = patterns is null
            || patterns.Any(WildcardPattern.ContainsWildcardCharacters);
        if (!anyWildcard)
        {
            return patterns!;
        }

        var known = cmdlet.Service.Registry.List().Select(e => e.Key).ToList();
        var result = new List<string>();
        foreach (string pattern in patterns ?? new[] { "*" })
        {
            if (WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                result.AddRange(known.Where(k => ThinPoolCommandBase.Matches(new[] { pattern }, k)));
            }
            else
            {
                result.Add(pattern);
            }
        }

        return result.Distinct(StringComparer.Ordinal);
    }
}
