using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using Xunit;

namespace ThinPool.Engine.Tests.Metadata;

/// <summary>Power loss in the middle of a commit: whatever part of the commit reached the
/// device, reopening finds exactly the previous or the new transaction.</summary>
public class CrashConsistencyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(int.MaxValue)]
    public void CommitInterruptedAfterSomeWritesLeavesACommittedState(int writesBeforeCrash)
    {
        var inner = new MemoryBlockDevice(512 * 4096);
        var device = new CrashingDevice(inner);
        ThinMetadata md = ThinMetadata.Format(device, 128, 5000);
        md.CreateThin(1);
        for (ulong v = 0; v < 600; v++)
        {
            md.Map(1, v);
        }

        md.Commit();
        md.CreateSnapshot(2, 1);
        for (ulong v = 0; v < 600; v += 3)
        {
            md.Map(1, v);
            md.Unmap(2, v + 1);
        }

        device.CrashAfter(writesBeforeCrash);
        bool committed;
        try
        {
            md.Commit();
            committed = true;
        }
        catch (IOException)
        {
            committed = false;
        }

        using ThinMetadata reopened = ThinMetadata.Open(inner);
        if (committed)
        {
            Assert.Equal(new ulong[] { 1, 2 }, reopened.Devices.Select(d => d.DeviceId));
            Assert.Equal(400, reopened.GetMappings(2).Count());
        }
        else
        {
            Assert.Equal(new ulong[] { 1 }, reopened.Devices.Select(d => d.DeviceId));
            Assert.Equal(600, reopened.GetMappings(1).Count());
        }
    }

    /// <summary>Loses every write after the first n (the machine lost power).</summary>
    private sealed class CrashingDevice : IBlockDevice
    {
        private readonly IBlockDevice _inner;
        private int _writesLeft = int.MaxValue;

        public CrashingDevice(IBlockDevice inner)
        {
            _inner = inner;
        }

        public long Length => _inner.Length;

        public bool IsReadOnly => false;

        public void CrashAfter(int writes) => _writesLeft = writes;

        public void Read(long offset, Span<byte> buffer) => _inner.Read(offset, buffer);

        public void Write(long offset, ReadOnlySpan<byte> buffer)
        {
            if (_writesLeft <= 0)
            {
                throw new IOException("power lost");
            }

            _writesLeft--;
            _inner.Write(offset, buffer);
        }

        public void Flush()
        {
        }

        public void SetLength(long length) => _inner.SetLength(length);

        public void Dispose()
        {
        }
    }
}
