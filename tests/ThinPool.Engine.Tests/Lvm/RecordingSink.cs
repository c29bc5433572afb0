using ThinPool.Engine.Lvm;

namespace ThinPool.Engine.Tests.Lvm;

internal sealed class RecordingSink : ILvmSink
{
    public List<string> Changes { get; } = [];

    public List<string> Queries { get; } = [];

    public List<string> Warnings { get; } = [];

    public void Changed(string message) => Changes.Add(message);

    public void Queried(string message) => Queries.Add(message);

    public void Warned(string message) => Warnings.Add(message);
}
