namespace ThinPool.Engine.Lvm;

/// <summary>An lvm2 JSON report could not be read; names the field that failed.</summary>
public sealed class LvmReportFormatException : LvmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The report field (or structure) that failed, e.g. <c>lv_size</c>.</param>
    /// <param name="message">What was wrong with it.</param>
    /// <param name="inner">The parser error, when there was one.</param>
    public LvmReportFormatException(string field, string message, Exception? inner = null)
        : base($"lvm report field '{field}': {message}", inner)
    {
        Field = field;
    }

    /// <summary>The report field (or structure) that failed.</summary>
    public string Field { get; }
}
