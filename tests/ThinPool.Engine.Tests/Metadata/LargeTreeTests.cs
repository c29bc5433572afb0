using ThinPool.Engine.IO;
using ThinPool.Engine.Metadata;
using ThinPool.Engine.Tests.Oracles;
using Xunit;

namespace ThinPool.Engine.Tests.Metadata;

/// <summary>Trees several levels deep: splits, rebalancing and root collapse, with shared
/// nodes, checked by the oracles.</summary>
public class LargeTreeTests
{
    [Fact]
    public void DeepTreesSurviveInsertsRemovesAndSharing()
    {
        using var file = new TempFile();
        var device = new MemoryBlockDevice(8192L * 4096);
        using ThinMetadata md = ThinMetadata.Format(device, 128, 200_000);
        var random = new Random(42);
        md.CreateThin(1);
        var expected = new SortedDictionary<ulong, ulong>();

        // Random order fills nodes unevenly, so inserts rebalance and split two into three.
        foreach (ulong v in Enumerable.Range(0, 70_000).Select(i => (ulong)i).OrderBy(_ => random.Next()))
        {
            expected[v] = md.Map(1, v).DataBlock;
        }

        md.Commit();
        md.CreateSnapshot(2, 1);
        md.ReserveMetadataSnapshot();

        // Remove most keys from the origin: merges, redistribution and root collapse while
        // every node is still shared with the snapshot and the held metadata snapshot.
        foreach (ulong v in expected.Keys.Where(_ => random.Next(10) != 0).ToList())
        {
            Assert.True(md.Unmap(1, v));
        }

        md.Commit();
        CheckWithOracles(device, file.Path, md.HeldRoot is not null);

        md.ReleaseMetadataSnapshot();
        foreach (ulong v in expected.Keys.Where(_ => random.Next(3) == 0))
        {
            md.Unmap(2, v);
        }

        md.DeleteDevice(1);
        md.Commit();
        CheckWithOracles(device, file.Path, heldSnapshot: false);
        Assert.Equal(md.GetDevice(2).MappedBlocks, (ulong)md.GetMappings(2).Count());
        Assert.All(md.GetMappings(2), m => Assert.Equal(expected[m.VirtualBlock], m.DataBlock));

        md.DeleteDevice(2);
        md.Commit();
        CheckWithOracles(device, file.Path, heldSnapshot: false);
        Assert.Equal(0UL, md.DataBlocksUsed);
    }

    [Fact]
    public void SnapshotCostDoesNotDependOnTheOriginsSize()
    {
        var device = new MemoryBlockDevice(8192L * 4096);
        using ThinMetadata md = ThinMetadata.Format(device, 128, 100_000);
        md.CreateThin(1);
        for (ulong v = 0; v < 50_000; v++)
        {
            md.Map(1, v);
        }

        md.Commit();
        ulong before = md.MetadataBlocksUsed;
        md.CreateSnapshot(2, 1);
        md.Commit();
        Assert.InRange(md.MetadataBlocksUsed - before, 0UL, 6UL);
        Assert.Equal(50_000UL, md.GetDevice(2).MappedBlocks);
    }

    private static void CheckWithOracles(MemoryBlockDevice device, string path, bool heldSnapshot)
    {
        if (!ExternalTools.RequireThinTools() || !ExternalTools.RequireInspector())
        {
            return;
        }

        device.SaveTo(path);
        ExternalTools.Result check = ExternalTools.ThinCheck(path);
        Assert.True(check.ExitCode == 0, check.ToString());
        ExternalTools.Result inspect = ExternalTools.Inspect("check", path);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        if (heldSnapshot)
        {
            ExternalTools.Result held = ExternalTools.ThinCheck(path, "-m");
            Assert.True(held.ExitCode == 0, held.ToString());
        }
    }
}
