namespace ThinPool.Engine.Kernel.Status;

/// <summary>Kernel text (a status or table line) did not follow its grammar.</summary>
public sealed class StatusParseException : FormatException
{
    /// <summary>
    /// Creates the exception for <paramref name="field"/> of <paramref name="text"/>.
    /// </summary>
    /// <param name="what">What was parsed, e.g. <c>thin-pool status</c>.</param>
    /// <param name="field">The field that failed, e.g. <c>used/total data</c>.</param>
    /// <param name="text">The whole text.</param>
    /// <param name="reason">Why the field failed.</param>
    public StatusParseException(string what, string field, string text, string reason)
        : base($"Cannot parse {what} field '{field}': {reason}. Text: '{text}'")
    {
        Field = field;
        Text = text;
    }

    /// <summary>The field that failed.</summary>
    public string Field { get; }

    /// <summary>The text being parsed.</summary>
    public string Text { get; }
}
