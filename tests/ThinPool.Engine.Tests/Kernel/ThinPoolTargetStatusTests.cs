using ThinPool.Engine.Kernel.Status;
using Xunit;

namespace ThinPool.Engine.Tests.Kernel;

public sealed class ThinPoolTargetStatusTests
{
    [Fact]
    public void ParsesAFullLineFromKernel61()
    {
        var s = ThinPoolTargetStatus.Parse(
            "0 214/2048 0/512 - rw discard_passdown error_if_no_space - 512 ");

        Assert.Equal(new ThinPoolTargetStatus(TargetHealth.Healthy, 0, 214, 2048, 0, 512, null,
            ThinPoolMode.ReadWrite, ThinPoolDiscardMode.Passdown, true, false, 512), s);
    }

    public static TheoryData<string, ThinPoolTargetStatus> Lines => new()
    {
        {
            "0 217/2048 512/512 - out_of_data_space discard_passdown error_if_no_space - 512 ",
            new(TargetHealth.Healthy, 0, 217, 2048, 512, 512, null, ThinPoolMode.OutOfDataSpace,
                ThinPoolDiscardMode.Passdown, true, false, 512)
        },
        {
            "7 300/4096 10/32768 1234 ro no_discard_passdown queue_if_no_space needs_check 1024",
            new(TargetHealth.Healthy, 7, 300, 4096, 10, 32768, 1234, ThinPoolMode.ReadOnly,
                ThinPoolDiscardMode.NoPassdown, false, true, 1024)
        },
        {
            "1 9/16 0/8 - rw ignore_discard queue_if_no_space -",
            new(TargetHealth.Healthy, 1, 9, 16, 0, 8, null, ThinPoolMode.ReadWrite,
                ThinPoolDiscardMode.Ignore, false, false, null)
        },
        {
            "3 9/16 1/8 - rw discard_passdown",
            new(TargetHealth.Healthy, 3, 9, 16, 1, 8, null, ThinPoolMode.ReadWrite,
                ThinPoolDiscardMode.Passdown, null, null, null)
        },
        {
            "3 9/16 1/8 5",
            new(TargetHealth.Healthy, 3, 9, 16, 1, 8, 5, null, null, null, null, null)
        },
        {
            "Fail",
            new(TargetHealth.Failed, 0, 0, 0, 0, 0, null, null, null, null, null, null)
        },
        {
            "Error ",
            new(TargetHealth.Error, 0, 0, 0, 0, 0, null, null, null, null, null, null)
        },
        {
            "2 10/20 3/40 - rw discard_passdown queue_if_no_space - 5 some_future_field",
            new(TargetHealth.Healthy, 2, 10, 20, 3, 40, null, ThinPoolMode.ReadWrite,
                ThinPoolDiscardMode.Passdown, false, false, 5)
        },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void ParsesEachLineShape(string line, ThinPoolTargetStatus expected)
    {
        Assert.Equal(expected, ThinPoolTargetStatus.Parse(line));
    }

    [Theory]
    [InlineData("", "transaction id")]
    [InlineData("x 1/2 3/4 -", "transaction id")]
    [InlineData("0", "used/total metadata")]
    [InlineData("0 12 3/4 -", "used/total metadata")]
    [InlineData("0 1/2 3/x -", "used/total data")]
    [InlineData("0 1/2 5/4 -", "used/total data")]
    [InlineData("0 1/2 3/4", "held metadata root")]
    [InlineData("0 1/2 3/4 abc", "held metadata root")]
    [InlineData("0 1/2 3/4 - rx", "mode")]
    [InlineData("0 1/2 3/4 - rw passdown", "discard mode")]
    [InlineData("0 1/2 3/4 - rw discard_passdown maybe", "no-space policy")]
    [InlineData("0 1/2 3/4 - rw discard_passdown queue_if_no_space check", "needs_check")]
    [InlineData("0 1/2 3/4 - rw discard_passdown queue_if_no_space - -1", "metadata low watermark")]
    [InlineData("-1 1/2 3/4 -", "transaction id")]
    public void NamesTheFieldThatFailed(string line, string field)
    {
        var e = Assert.Throws<StatusParseException>(() => ThinPoolTargetStatus.Parse(line));

        Assert.Equal(field, e.Field);
    }
}
