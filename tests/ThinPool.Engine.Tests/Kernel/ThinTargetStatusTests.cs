using ThinPool.Engine.Kernel.Status;
using Xunit;

namespace ThinPool.Engine.Tests.Kernel;

public sealed class ThinTargetStatusTests
{
    public static TheoryData<string, ThinTargetStatus> Lines => new()
    {
        { "65536 65535", new(TargetHealth.Healthy, 65536, 65535) },
        { "0 -", new(TargetHealth.Healthy, 0, null) },
        { "128 1048575 ", new(TargetHealth.Healthy, 128, 1048575) },
        { "Fail", new(TargetHealth.Failed, 0, null) },
        { "-", new(TargetHealth.Inactive, 0, null) },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void ParsesEachLineShape(string line, ThinTargetStatus expected)
    {
        Assert.Equal(expected, ThinTargetStatus.Parse(line));
    }

    [Theory]
    [InlineData("", "mapped sectors")]
    [InlineData("12", "highest mapped sector")]
    [InlineData("x 12", "mapped sectors")]
    [InlineData("12 y", "highest mapped sector")]
    public void NamesTheFieldThatFailed(string line, string field)
    {
        var e = Assert.Throws<StatusParseException>(() => ThinTargetStatus.Parse(line));

        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void MappedBytesCountsSectorsOf512Bytes()
    {
        Assert.Equal(65536UL * 512, ThinTargetStatus.Parse("65536 65535").MappedBytes);
    }
}
