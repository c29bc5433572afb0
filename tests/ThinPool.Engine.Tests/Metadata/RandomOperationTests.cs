using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace ThinPool.Engine.Tests.Metadata;

/// <summary>
/// Model-based random tests: random operation sequences run against the engine and against a
/// plain dictionary of expected mappings. After every commit the metadata file must pass
/// thin_check and the inspector (which also checks data reference counts), and the engine's
/// view must equal the model. Raise THINPOOL_RANDOM_SEQUENCES to run more sequences.
/// </summary>
public class RandomOperationTests
{
    private readonly ITestOutputHelper _output;

    public RandomOperationTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static IEnumerable<object[]> Seeds()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("THINPOOL_RANDOM_SEQUENCES"),
                                 out int n) ? n : 4;
        int first = int.TryParse(Environment.GetEnvironmentVariable("THINPOOL_RANDOM_FIRST_SEED"),
                                 out int f) ? f : 1;
        return Enumerable.Range(first, count).Select(seed => new object[] { seed });
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomSequenceMatchesTheModelAndPassesTheCheckers(int seed)
    {
        bool external = ExternalTools.RequireThinTools() && ExternalTools.RequireInspector();
        using var file = new TempFile();
        var run = new RandomRun(seed, file.Path, external, _output);
        run.Execute();
    }

    private sealed class RandomRun
    {
        private readonly Random _random;
        private readonly string _path;
        private readonly bool _external;
        private readonly ITestOutputHelper _output;
        private readonly int _seed;
        private Dictionary<ulong, Dictionary<ulong, ulong>> _model = new();
        private Dictionary<ulong, Dictionary<ulong, ulong>> _committed = new();
        private MemoryBlockDevice _device = null!;
        private ThinMetadata _md = null!;
        private int _commits;

        public RandomRun(int seed, string path, bool external, ITestOutputHelper output)
        {
            _seed = seed;
            _random = new Random(seed);
            _path = path;
            _external = external;
            _output = output;
        }

        public void Execute()
        {
            ulong metadataBlocks = (ulong)_random.Next(300, 1200);
            _device = new MemoryBlockDevice((long)metadataBlocks * 4096);
            _md = ThinMetadata.Format(_device, 128, (ulong)_random.Next(200, 3000));

            try
            {
                int steps = _random.Next(80, 250);
                for (int step = 0; step < steps; step++)
                {
                    Step(step);
                }

                Commit();
            }
            finally
            {
                _md.Dispose();
                _device.Dispose();
            }

            _output.WriteLine($"seed {_seed}: {_commits} commits, {_model.Count} devices, "
                              + $"{_model.Values.Sum(m => m.Count)} mappings");
        }

        private void Step(int step)
        {
            int op = _random.Next(1000);
            try
            {
                if (op < 30 || _model.Count == 0)
                {
                    CreateThin();
                }
                else if (op < 60)
                {
                    Snapshot();
                }
                else if (op < 80)
                {
                    Delete();
                }
                else if (op < 700)
                {
                    MapSome();
                }
                else if (op < 850)
                {
                    UnmapSome();
                }
                else if (op < 870)
                {
                    _md.ResizeData(_md.DataBlockCount + (ulong)_random.Next(1, 20000));
                }
                else if (op < 880)
                {
                    ulong wanted = _md.MetadataBlockCount + (ulong)_random.Next(1, 20000);
                    if (_device.Length < (long)wanted * 4096)
                    {
                        _device.SetLength((long)wanted * 4096);
                    }

                    _md.ResizeMetadata(wanted);
                }
                else if (op < 920)
                {
                    Commit();
                }
                else if (op < 955)
                {
                    Reopen();
                }
                else if (op < 970)
                {
                    _md.Abort();
                    _model = Clone(_committed);
                    Compare();
                }
                else if (op < 985)
                {
                    if (_md.HeldRoot is null)
                    {
                        _md.ReserveMetadataSnapshot();
                    }
                    else
                    {
                        _md.ReleaseMetadataSnapshot();
                    }

                    _committed = Clone(_model);
                    AfterCommit();
                }
                else
                {
                    _md.SetTransactionId(_md.TransactionId, _md.TransactionId + 1);
                }
            }
            catch (OutOfDataSpaceException)
            {
                _md.ResizeData(_md.DataBlockCount + 5000);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {_seed}, step {step}, op {op}: {e.Message}", e);
            }
        }

        private ulong RandomDevice() => _model.Keys.ElementAt(_random.Next(_model.Count));

        private ulong NewDeviceId()
        {
            while (true)
            {
                ulong id = _random.Next(4) == 0 ? (ulong)_random.Next(0, 1 << 24) : (ulong)_random.Next(0, 40);
                if (!_model.ContainsKey(id))
                {
                    return id;
                }
            }
        }

        private void CreateThin()
        {
            ulong id = NewDeviceId();
            _md.CreateThin(id);
            _model[id] = new Dictionary<ulong, ulong>();
            if (_model.Count > 1)
            {
                Assert.Throws<DeviceExistsException>(() => _md.CreateThin(RandomDevice()));
            }
        }

        private void Snapshot()
        {
            if (_model.Count == 0)
            {
                return;
            }

            ulong origin = RandomDevice();
            ulong id = NewDeviceId();
            _md.CreateSnapshot(id, origin);
            _model[id] = new Dictionary<ulong, ulong>(_model[origin]);
        }

        private void Delete()
        {
            if (_model.Count == 0)
            {
                return;
            }

            ulong id = RandomDevice();
            _md.DeleteDevice(id);
            _model.Remove(id);
            Assert.Throws<DeviceNotFoundException>(() => _md.DeleteDevice(id));
        }

        private void MapSome()
        {
            ulong id = RandomDevice();
            int count = _random.Next(1, 60);
            ulong start = (ulong)_random.Next(0, 3000);
            bool sequential = _random.Next(2) == 0;
            for (int i = 0; i < count; i++)
            {
                ulong v = sequential ? start + (ulong)i : (ulong)_random.Next(0, 3000);
                Map(id, v);
            }
        }

        private void Map(ulong id, ulong v)
        {
            Dictionary<ulong, ulong> mappings = _model[id];
            bool wasMapped = mappings.TryGetValue(v, out ulong oldBlock);
            BlockAllocation a = _md.Map(id, v);
            if (!wasMapped)
            {
                Assert.True(a.IsNew);
                Assert.Null(a.CopyFrom);
            }
            else if (a.IsNew)
            {
                Assert.Equal(oldBlock, a.CopyFrom);
            }
            else
            {
                Assert.Equal(oldBlock, a.DataBlock);
            }

            if (a.IsNew || !wasMapped)
            {
                // A new block must not be in use by any other mapping.
                Assert.DoesNotContain(_model.Values, m => m.ContainsValue(a.DataBlock));
            }
            else
            {
                // Writing in place is only safe when no other device maps that block.
                int users = _model.Values.Sum(m => m.Values.Count(b => b == a.DataBlock));
                Assert.Equal(1, users);
            }

            mappings[v] = a.DataBlock;
            Assert.True(_md.TryLookup(id, v, out BlockMapping found));
            Assert.Equal(a.DataBlock, found.DataBlock);
        }

        private void UnmapSome()
        {
            ulong id = RandomDevice();
            Dictionary<ulong, ulong> mappings = _model[id];
            int count = _random.Next(1, 40);
            ulong start = (ulong)_random.Next(0, 3000);
            for (int i = 0; i < count; i++)
            {
                ulong v = _random.Next(2) == 0 ? start + (ulong)i : (ulong)_random.Next(0, 3000);
                bool expected = mappings.Remove(v);
                Assert.Equal(expected, _md.Unmap(id, v));
            }
        }

        private void Commit()
        {
            _md.Commit();
            _committed = Clone(_model);
            AfterCommit();
        }

        private void AfterCommit()
        {
            _commits++;
            Compare();
            if (!_external)
            {
                return;
            }

            _device.SaveTo(_path);
            ExternalTools.Result check = ExternalTools.ThinCheck(_path);
            Assert.True(check.ExitCode == 0, $"seed {_seed} commit {_commits}: thin_check {check}");
            ExternalTools.Result inspect = ExternalTools.Inspect("check", _path);
            Assert.True(inspect.ExitCode == 0, $"seed {_seed} commit {_commits}: inspect {inspect}");
            if (_commits % 4 == 0)
            {
                CompareWithThinDump();
            }

            if (_md.HeldRoot is not null)
            {
                ExternalTools.Result held = ExternalTools.ThinCheck(_path, "-m");
                Assert.True(held.ExitCode == 0, $"seed {_seed} commit {_commits}: thin_check -m {held}");
            }
        }

        private void CompareWithThinDump()
        {
            ExternalTools.Result dump = ExternalTools.ThinDump(_path);
            Assert.True(dump.ExitCode == 0, $"seed {_seed} commit {_commits}: thin_dump {dump}");
            var root = System.Xml.Linq.XDocument.Parse(dump.Stdout).Root!;
            var seen = root.Elements("device").ToDictionary(
                d => ulong.Parse(d.Attribute("dev_id")!.Value),
                d => SampleImageTests.ExpectedMappings(d).ToDictionary(m => m.VirtualBlock, m => m.DataBlock));
            Assert.Equal(_model.Keys.OrderBy(k => k), seen.Keys.OrderBy(k => k));
            foreach ((ulong id, Dictionary<ulong, ulong> mappings) in _model)
            {
                Assert.Equal(mappings.OrderBy(p => p.Key), seen[id].OrderBy(p => p.Key));
            }
        }

        private void Reopen()
        {
            _md.Abort();
            _model = Clone(_committed);
            _md.Dispose();
            _md = ThinMetadata.Open(_device);
            Compare();
        }

        private void Compare()
        {
            Assert.Equal(_model.Keys.OrderBy(k => k), _md.Devices.Select(d => d.DeviceId));
            foreach (ThinDeviceInfo device in _md.Devices)
            {
                Dictionary<ulong, ulong> expected = _model[device.DeviceId];
                List<BlockMapping> actual = _md.GetMappings(device.DeviceId).ToList();
                Assert.Equal((ulong)expected.Count, device.MappedBlocks);
                Assert.Equal(expected.Count, actual.Count);
                foreach (BlockMapping m in actual)
                {
                    Assert.Equal(expected[m.VirtualBlock], m.DataBlock);
                }
            }
        }

        private static Dictionary<ulong, Dictionary<ulong, ulong>> Clone(
            Dictionary<ulong, Dictionary<ulong, ulong>> source)
            => source.ToDictionary(p => p.Key, p => new Dictionary<ulong, ulong>(p.Value));
    }
}
