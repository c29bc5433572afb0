using System.Management.Automation;
using ThinPool.Engine;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands.Infrastructure;

/// <summary>
/// What every ThinPool cmdlet shares: the pool service wired to this cmdlet's streams, and
/// turning failures into error records with a constant ErrorId, a precise category and the
/// pool or volume as target.
/// </summary>
public abstract class ThinPoolCommandBase : PSCmdlet
{
    private ThinPoolService? _service;

    /// <summary>The pool service, reporting to this cmdlet's verbose, debug, warning and
    /// progress streams. The registry is <c>$env:THINPOOL_REGISTRY</c> or the default.</summary>
    internal ThinPoolService Service => _service ??= new ThinPoolService(
        new PoolRegistry(PoolRegistry.DefaultDirectory()), new CmdletSink(this));

    /// <summary>
    /// Runs <paramref name="action"/>; a failure the module knows becomes a non-terminating
    /// error for this input, so the pipeline goes on with the next.
    /// </summary>
    /// <param name="target">The pool or volume the work is about.</param>
    /// <param name="action">The work.</param>
    internal void Try(object target, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (IsReportable(e))
        {
            WriteError(ToErrorRecord(e, target));
        }
    }

    /// <summary>
    /// Reads what a change is about before ShouldProcess describes it; a failure (an unknown
    /// pool or volume) becomes this input's error and the caller skips it.
    /// </summary>
    /// <typeparam name="T">What is read.</typeparam>
    /// <param name="target">The pool or volume.</param>
    /// <param name="read">Reads it.</param>
    /// <returns>The value, or null after writing the error.</returns>
    internal T? Describe<T>(object target, Func<T> read)
        where T : class
    {
        T? value = null;
        Try(target, () => value = read());
        return value;
    }

    /// <summary>
    /// How a pool reads in a confirmation prompt when it may be unreadable (a pool being
    /// removed or repaired): its sizes when it opens, else just its name.
    /// </summary>
    /// <param name="name">The pool name.</param>
    /// <returns>The description.</returns>
    internal string PoolTargetOrName(string name)
    {
        try
        {
            return PoolTarget(Service.GetPool(name));
        }
        catch (Exception e) when (IsReportable(e))
        {
            return $"thin pool '{name}'";
        }
    }

    /// <summary>How a pool reads in a confirmation prompt.</summary>
    /// <param name="pool">The pool.</param>
    /// <returns>For example <c>thin pool 'tp0' (data 100 GiB, metadata 2 GiB)</c>.</returns>
    internal static string PoolTarget(ThinPoolInfo pool) =>
        $"thin pool '{pool.Name}' (data {ByteSize.Format(pool.DataSizeBytes)}, metadata "
        + $"{ByteSize.Format(pool.MetadataSizeBytes)})";

    /// <summary>Writes a non-terminating error with a given id and category.</summary>
    /// <param name="id">The PascalCase ErrorId.</param>
    /// <param name="category">The error category.</param>
    /// <param name="target">The pool or volume.</param>
    /// <param name="message">What went wrong and what to do.</param>
    internal void WriteError(string id, ErrorCategory category, object? target, string message)
    {
        WriteError(new ErrorRecord(new PSArgumentException(message), id, category, target));
    }

    /// <summary>Stops the cmdlet with a given id and category.</summary>
    /// <param name="id">The PascalCase ErrorId.</param>
    /// <param name="category">The error category.</param>
    /// <param name="target">The pool or volume.</param>
    /// <param name="message">What went wrong and what to do.</param>
    internal void Throw(string id, ErrorCategory category, object? target, string message)
    {
        ThrowTerminatingError(new ErrorRecord(new PSArgumentException(message), id, category,
            target));
    }

    /// <summary>The error record for a failure.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="target">The pool or volume it was about.</param>
    /// <returns>The record.</returns>
    internal static ErrorRecord ToErrorRecord(Exception exception, object? target)
    {
        (string id, ErrorCategory category) = ErrorMap.Classify(exception);
        return new ErrorRecord(exception, id, category, target);
    }

    /// <summary>Whether this wildcard-aware pattern matches <paramref name="name"/>.</summary>
    /// <param name="patterns">Names or wildcard patterns; null or empty matches all.</param>
    /// <param name="name">The name.</param>
    /// <returns>True on a match.</returns>
    internal static bool Matches(string[]? patterns, string name) =>
        patterns is null || patterns.Length == 0 || patterns.Any(p =>
            WildcardPattern.Get(p, WildcardOptions.None).IsMatch(name));

    private static bool IsReportable(Exception e) =>
        e is ThinPoolException or IOException or UnauthorizedAccessException
            or NotImplementedException;
}
