namespace ThinPool.Engine.Metadata;

/// <summary>
/// A thin_dump XML document cannot be imported: it is not well formed, uses an unknown element
/// or attribute, or describes metadata that cannot exist (a data block past the pool, a
/// duplicate device, overlapping mappings, ...). Nothing was written to the metadata device.
/// </summary>
public class ThinXmlException : ThinPoolException
{
    /// <summary>Creates the exception for a problem at a place in the document.</summary>
    /// <param name="line">1-based line number, or 0 when unknown.</param>
    /// <param name="column">1-based column number, or 0 when unknown.</param>
    /// <param name="problem">What is wrong there.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ThinXmlException(int line, int column, string problem, Exception? innerException = null)
        : base(line > 0 ? $"XML line {line}, column {column}: {problem}" : $"XML: {problem}",
               innerException)
    {
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>1-based line of the offending element, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending element, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
