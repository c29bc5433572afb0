namespace ThinPool.Commands.Infrastructure;

/// <summary>Parameter set names shared by the cmdlets that act on whole pools.</summary>
internal static class PoolParameterSets
{
    /// <summary>The pool is named.</summary>
    public const string Name = "Name";

    /// <summary>The pool comes from Get-ThinPool.</summary>
    public const string InputObject = "InputObject";
}
