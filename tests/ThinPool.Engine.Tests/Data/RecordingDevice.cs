using ThinPool.Engine.IO;

namespace ThinPool.Engine.Tests.Data;

/// <summary>Wraps a device and logs writes and flushes into a shared journal.</summary>
internal sealed class RecordingDevice : IBlockDevice
{
    private readonly IBlockDevice _inner;
    private readonly List<string> _journal;
    private readonly string _name;

    public RecordingDevice(IBlockDevice inner, string name, List<string> journal) =>
        (_inner, _name, _journal) = (inner, name, journal);

    public int Writes { get; private set; }

    public long Length => _inner.Length;

    public bool IsReadOnly => _inner.IsReadOnly;

    public void Read(long offset, Span<byte> buffer) => _inner.Read(offset, buffer);

    public void Write(long offset, ReadOnlySpan<byte> buffer)
    {
        Writes++;
        _journal.Add($"{_name} write");
        _inner.Write(offset, buffer);
    }

    public void Flush()
    {
        _journal.Add($"{_name} flush");
        _inner.Flush();
    }

    public void SetLength(long length) => _inner.SetLength(length);

    public void Dispose() => _inner.Dispose();
}
