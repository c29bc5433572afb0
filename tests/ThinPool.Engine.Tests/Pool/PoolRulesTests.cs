using ThinPool.Engine.Pool;
using Xunit;

namespace ThinPool.Engine.Tests.Pool;

public class PoolRulesTests
{
    [Theory]
    [InlineData(64L * 1024 * 1024, 64 * 1024, 2L * 1024 * 1024)]          // floor
    [InlineData(10L * 1024 * 1024 * 1024, 64 * 1024, 7_864_320)]          // 48 × 163,840
    [InlineData(100L * 1024 * 1024 * 1024, 64 * 1024, 78_643_200)]        // 48 × 1,638,400
    [InlineData(1L << 50, 64 * 1024, PoolRules.MaxMetadataBytes)]         // ceiling
    [InlineData(1000L * 1024 * 1024, 1024 * 1024, 2L * 1024 * 1024)]
    public void RecommendedMetadataFollowsTheKernelGuide(long data, long block, long expected)
    {
        Assert.Equal(expected, PoolRules.RecommendedMetadataBytes(data, block));
    }

    [Fact]
    public void RecommendedMetadataIsWholeMetadataBlocks()
    {
        long bytes = PoolRules.RecommendedMetadataBytes(3_000_000_000, 64 * 1024);
        Assert.Equal(0, bytes % PoolRules.MetadataBlockBytes);
    }

    [Theory]
    [InlineData(64 * 1024, true)]
    [InlineData(128 * 1024, true)]
    [InlineData(1024L * 1024 * 1024, true)]
    [InlineData(0, false)]
    [InlineData(4096, false)]
    [InlineData(96 * 1024, false)]
    [InlineData(2048L * 1024 * 1024, false)]
    public void BlockSizeMustBeAMultipleOf64KiBUpTo1GiB(long bytes, bool valid)
    {
        Assert.Equal(valid, PoolRules.IsValidBlockSize(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\nb")]
    [InlineData(" lead")]
    public void BadNamesAreRefused(string name)
    {
        var e = Assert.Throws<PoolOperationException>(() => PoolRules.ValidateName("pool", name));
        Assert.Equal(PoolErrorReason.InvalidName, e.Reason);
    }

    [Fact]
    public void AVolumeNameIsLimitedByTheDeviceMapperName()
    {
        string pool = new('p', 60);
        PoolRules.ValidateVolumeName(pool, new string('v', 66));   // 60 + 1 + 66 = 127
        Assert.Throws<PoolOperationException>(
            () => PoolRules.ValidateVolumeName(pool, new string('v', 67)));
    }
}
