using System.Management.Automation;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands.Infrastructure;

/// <summary>
/// Hands the pool layer's reports to a cmdlet: changes to verbose, details to debug, warnings
/// to warnings, and long work to progress records that always end with Completed.
/// </summary>
internal sealed class CmdletSink : IPoolSink
{
    private readonly Cmdlet _cmdlet;
    private readonly Dictionary<string, int> _activities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lastPercent = new(StringComparer.Ordinal);

    public CmdletSink(Cmdlet cmdlet)
    {
        _cmdlet = cmdlet;
    }

    public void Change(string message) => _cmdlet.WriteVerbose(message);

    public void Query(string message) => _cmdlet.WriteDebug(message);

    public void Warning(string message) => _cmdlet.WriteWarning(message);

    public void Progress(string activity, long done, long total)
    {
        if (!_activities.TryGetValue(activity, out int id))
        {
            id = _activities.Count + 1;
            _activities[activity] = id;
        }

        bool finished = total <= 0 || done >= total;
        int percent = finished ? 100 : (int)(100 * done / total);
        if (!finished && _lastPercent.TryGetValue(activity, out int last) && last == percent)
        {
            return;
        }

        _lastPercent[activity] = percent;
        var record = new ProgressRecord(id, activity, finished ? "Done" : $"{done} of {total}")
        {
            PercentComplete = percent,
            RecordType = finished ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        _cmdlet.WriteProgress(record);
        if (finished)
        {
            _activities.Remove(activity);
            _lastPercent.Remove(activity);
        }
    }
}
