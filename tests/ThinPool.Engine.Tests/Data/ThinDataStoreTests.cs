using ThinPool.Engine.Data;
using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Tests.Check;
using ThinPool.Engine.Tests.Oracles;
using Xunit;

namespace ThinPool.Engine.Tests.Data;

public class ThinDataStoreTests
{
    private const int BlockBytes = 64 * 1024;
    private const ulong DataBlocks = 256;

    [Fact]
    public void UnmappedBlocksReadAsZeros()
    {
        using var pool = new TestPool();
        pool.Metadata.CreateThin(1);
        var buffer = Filled(BlockBytes, 0x55);

        pool.Store.ReadBlock(1, 7, buffer);

        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void PartialWriteToANewBlockZeroFillsTheRest()
    {
        using var pool = new TestPool(garbage: 0xEE);
        pool.Metadata.CreateThin(1);

        pool.Store.Write(1, 3 * BlockBytes + 100, Filled(10, 0x11));

        var block = new byte[BlockBytes];
        pool.Store.ReadBlock(1, 3, block);
        Assert.Equal(Expected(BlockBytes, (100, 10, 0x11)), block);
    }

    [Fact]
    public void PartialWriteToASnapshotCopiesTheOldBlockAndLeavesTheOriginAlone()
    {
        using var pool = new TestPool();
        pool.Metadata.CreateThin(1);
        pool.Store.WriteBlock(1, 0, Filled(BlockBytes, 0x22));
        pool.Metadata.CreateSnapshot(2, 1);

        pool.Store.Write(2, 10, Filled(5, 0x33));

        var origin = new byte[BlockBytes];
        var snapshot = new byte[BlockBytes];
        pool.Store.ReadBlock(1, 0, origin);
        pool.Store.ReadBlock(2, 0, snapshot);
        Assert.Equal(Filled(BlockBytes, 0x22), origin);
        var expected = Filled(BlockBytes, 0x22);
        Array.Fill(expected, (byte)0x33, 10, 5);
        Assert.Equal(expected, snapshot);
    }

    [Fact]
    public void SequentialWholeBlockWritesReachTheDataDeviceAsOneWrite()
    {
        using var pool = new TestPool();
        pool.Metadata.CreateThin(1);
        int before = pool.Data.Writes;

        pool.Store.Write(1, 0, Filled(16 * BlockBytes, 0x44));

        Assert.Equal(1, pool.Data.Writes - before);
    }

    [Fact]
    public void CommitFlushesDataBeforeAnyMetadataWrite()
    {
        using var pool = new TestPool();
        pool.Metadata.CreateThin(1);
        pool.Store.WriteBlock(1, 0, Filled(BlockBytes, 1));
        pool.Journal.Clear();

        pool.Store.Commit();

        int dataFlush = pool.Journal.IndexOf("data flush");
        int firstMetadata = pool.Journal.FindIndex(e => e.StartsWith("metadata"));
        Assert.True(dataFlush >= 0 && dataFlush < firstMetadata, string.Join(", ", pool.Journal));
    }

    [Fact]
    public void ReadsAndWritesOfAnUnknownDeviceAreRefused()
    {
        using var pool = new TestPool();

        Assert.Throws<DeviceNotFoundException>(() => pool.Store.Read(4, 0, new byte[10]));
        Assert.Throws<DeviceNotFoundException>(() => pool.Store.Write(4, 0, new byte[10]));
    }

    [Fact]
    public void BuffersOfTheWrongSizeAreRefused()
    {
        using var pool = new TestPool();
        pool.Metadata.CreateThin(1);

        Assert.Throws<ArgumentException>(() => pool.Store.WriteBlock(1, 0, new byte[100]));
    }

    [Fact]
    public void DiscardFreesBlocksAndReadsZerosAgain()
    {
        using var pool = new TestPool();
        pool.Metadata.CreateThin(1);
        pool.Store.Write(1, 0, Filled(4 * BlockBytes, 9));
        ulong used = pool.Metadata.DataBlocksUsed;

        pool.Store.Discard(1, 1, 2);

        var buffer = new byte[4 * BlockBytes];
        pool.Store.Read(1, 0, buffer);
        Assert.Equal(used - 2, pool.Metadata.DataBlocksUsed);
        Assert.Equal(Expected(4 * BlockBytes, (0, BlockBytes, 9), (3 * BlockBytes, BlockBytes, 9)), buffer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomIoWithSnapshotsMatchesAModelAndPassesTheCheckers(int seed)
    {
        var random = new Random(seed);
        using var pool = new TestPool();
        var model = new Dictionary<ulong, Dictionary<ulong, byte[]>>();
        pool.Metadata.CreateThin(0);
        model[0] = new();
        const ulong span = 24;
        for (int step = 0; step < 250; step++)
        {
            var ids = model.Keys.ToList();
            ulong dev = ids[random.Next(ids.Count)];
            int op = random.Next(100);
            if (op < 50 && pool.Metadata.DataBlockCount - pool.Metadata.DataBlocksUsed > 8)
            {
                long offset = random.NextInt64((long)span * BlockBytes - 1);
                int length = (int)Math.Min(random.Next(1, 3 * BlockBytes), (long)span * BlockBytes - offset);
                if (random.Next(3) == 0)
                {
                    offset -= offset % BlockBytes;
                    length = (int)Math.Min(BlockBytes * random.Next(1, 4), (long)span * BlockBytes - offset);
                }

                var bytes = new byte[length];
                random.NextBytes(bytes);
                pool.Store.Write(dev, offset, bytes);
                ModelWrite(model[dev], offset, bytes);
            }
            else if (op < 75)
            {
                long offset = random.NextInt64((long)span * BlockBytes - 1);
                int length = (int)Math.Min(random.Next(1, 3 * BlockBytes), (long)span * BlockBytes - offset);
                var actual = new byte[length];
                pool.Store.Read(dev, offset, actual);
                Assert.Equal(ModelRead(model[dev], offset, length), actual);
            }
            else if (op < 83 && model.Count < 6)
            {
                ulong id = model.Keys.Max() + 1;
                pool.Metadata.CreateSnapshot(id, dev);
                model[id] = new Dictionary<ulong, byte[]>(model[dev]);
            }
            else if (op < 92)
            {
                ulong first = (ulong)random.Next((int)span);
                ulong count = (ulong)random.Next(1, 4);
                pool.Store.Discard(dev, first, count);
                for (ulong b = first; b < first + count; b++)
                {
                    model[dev].Remove(b);
                }
            }
            else
            {
                pool.Store.Commit();
                var report = MetadataChecker.Check(pool.MetadataDevice);
                Assert.True(report.IsClean, report.ToString());
            }
        }

        pool.Store.Commit();
        foreach (var (dev, blocks) in model)
        {
            var all = new byte[span * BlockBytes];
            pool.Store.Read(dev, 0, all);
            Assert.Equal(ModelRead(blocks, 0, all.Length), all);
        }

        pool.AssertMetadataChecksClean();
    }

    private static void ModelWrite(Dictionary<ulong, byte[]> blocks, long offset, byte[] bytes)
    {
        for (int done = 0; done < bytes.Length;)
        {
            ulong block = (ulong)((offset + done) / BlockBytes);
            int within = (int)((offset + done) % BlockBytes);
            int n = Math.Min(bytes.Length - done, BlockBytes - within);
            var copy = blocks.TryGetValue(block, out var old) ? (byte[])old.Clone() : new byte[BlockBytes];
            Array.Copy(bytes, done, copy, within, n);
            blocks[block] = copy;
            done += n;
        }
    }

    private static byte[] ModelRead(Dictionary<ulong, byte[]> blocks, long offset, int length)
    {
        var result = new byte[length];
        for (int done = 0; done < length;)
        {
            ulong block = (ulong)((offset + done) / BlockBytes);
            int within = (int)((offset + done) % BlockBytes);
            int n = Math.Min(length - done, BlockBytes - within);
            if (blocks.TryGetValue(block, out var bytes))
            {
                Array.Copy(bytes, within, result, done, n);
            }

            done += n;
        }

        return result;
    }

    private static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }

    private static byte[] Expected(int length, params (int Offset, int Count, byte Value)[] parts)
    {
        var bytes = new byte[length];
        foreach (var (offset, count, value) in parts)
        {
            Array.Fill(bytes, value, offset, count);
        }

        return bytes;
    }

    /// <summary>A formatted pool on memory devices, with write journals on both devices.</summary>
    private sealed class TestPool : IDisposable
    {
        private readonly MemoryBlockDevice _metadataDevice = new(4 << 20);

        public TestPool(byte garbage = 0)
        {
            var data = new MemoryBlockDevice((long)DataBlocks * BlockBytes);
            if (garbage != 0)
            {
                data.Write(0, Filled((int)data.Length, garbage));
            }

            Data = new RecordingDevice(data, "data", Journal);
            Metadata = ThinMetadata.Format(new RecordingDevice(_metadataDevice, "metadata", Journal),
                128, DataBlocks);
            Store = new ThinDataStore(Metadata, Data);
        }

        public List<string> Journal { get; } = new();

        public MemoryBlockDevice MetadataDevice => _metadataDevice;

        public RecordingDevice Data { get; }

        public ThinMetadata Metadata { get; }

        public ThinDataStore Store { get; }

        public void AssertMetadataChecksClean()
        {
            var report = MetadataChecker.Check(_metadataDevice);
            Assert.True(report.IsClean, report.ToString());
            if (!ExternalTools.RequireThinTools() || !ExternalTools.RequireInspector())
            {
                return;
            }

            string path = Path.Combine(Path.GetTempPath(), $"thinpool-data-{Guid.NewGuid():N}.bin");
            try
            {
                File.WriteAllBytes(path, _metadataDevice.ToArray());
                var check = ExternalTools.ThinCheck(path);
                Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
                var inspected = ExternalTools.Inspect("check", path);
                Assert.True(inspected.ExitCode == 0, inspected.Stdout + inspected.Stderr);
            }
            finally
            {
                File.Delete(path);
            }
        }

        public void Dispose()
        {
            Store.Dispose();
            Metadata.Dispose();
            Data.Dispose();
            _metadataDevice.Dispose();
        }
    }
}
