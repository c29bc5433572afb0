namespace ThinPool.Engine.Pool;

/// <summary>
/// Where the pool layer reports what it does. A cmdlet maps <see cref="Change"/> to verbose,
/// <see cref="Query"/> to debug, <see cref="Warning"/> to a warning and
/// <see cref="Progress"/> to a progress record.
/// </summary>
public interface IPoolSink
{
    /// <summary>Something on disk changed, or is about to.</summary>
    /// <param name="message">One sentence.</param>
    void Change(string message);

    /// <summary>A read, a retry or other detail.</summary>
    /// <param name="message">One sentence.</param>
    void Query(string message);

    /// <summary>A condition the user should act on, though the operation went on.</summary>
    /// <param name="message">One sentence.</param>
    void Warning(string message);

    /// <summary>Long work advanced. <paramref name="done"/> equal to <paramref name="total"/>
    /// ends the activity.</summary>
    /// <param name="activity">What is being done, e.g. "Importing 'disk.raw' into 'vol1'".</param>
    /// <param name="done">Units finished.</param>
    /// <param name="total">Units in all.</param>
    void Progress(string activity, long done, long total);
}
