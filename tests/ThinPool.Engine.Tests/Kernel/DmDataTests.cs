using System.Buffers.Binary;
using System.Text;
using ThinPool.Engine.Kernel;
using Xunit;

namespace ThinPool.Engine.Tests.Kernel;

// The data that follows struct dm_ioctl, built here byte by byte from the header's layout
// (x86-64, little-endian), as the kernel would write or read it.
public sealed class DmDataTests
{
    [Fact]
    public void PackTargetsLaysOutSpecsAlignedToEightBytes()
    {
        byte[] packed = DmControl.PackTargets(
        [
            new DmTarget(0, 2048, "linear", "7:0 0"),
            new DmTarget(2048, 4096, "thin", "254:0 12"),
        ]);

        // 40-byte spec + "7:0 0\0" (6) = 46 -> 48; second spec + "254:0 12\0" (9) = 49 -> 56.
        Assert.Equal(48 + 56, packed.Length);
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(packed.AsSpan(0)));
        Assert.Equal(2048UL, BinaryPrimitives.ReadUInt64LittleEndian(packed.AsSpan(8)));
        Assert.Equal(48U, BinaryPrimitives.ReadUInt32LittleEndian(packed.AsSpan(20)));
        Assert.Equal("linear", CString(packed, 24));
        Assert.Equal("7:0 0", CString(packed, 40));
        Assert.Equal(2048UL, BinaryPrimitives.ReadUInt64LittleEndian(packed.AsSpan(48)));
        Assert.Equal(4096UL, BinaryPrimitives.ReadUInt64LittleEndian(packed.AsSpan(56)));
        Assert.Equal("thin", CString(packed, 48 + 24));
        Assert.Equal("254:0 12", CString(packed, 48 + 40));
    }

    [Fact]
    public void PackTargetsRefusesATargetTypeOf16Bytes()
    {
        Assert.Throws<ArgumentException>(
            () => DmControl.PackTargets([new DmTarget(0, 8, new string('t', 16), "")]));
    }

    [Fact]
    public void ParseTargetsFollowsNextFromTheFirstSpec()
    {
        byte[] data = new byte[160];
        WriteSpec(data, 0, 0, 65536, "thin-pool", next: 80, "0 214/2048 0/512 - rw");
        WriteSpec(data, 80, 65536, 8, "zero", next: 0, "");

        var targets = DmControl.ParseTargets(data, 2);

        Assert.Equal(new DmTarget(0, 65536, "thin-pool", "0 214/2048 0/512 - rw"), targets[0]);
        Assert.Equal(new DmTarget(65536, 8, "zero", ""), targets[1]);
    }

    [Fact]
    public void ParseNameListReadsEveryEntry()
    {
        byte[] data = new byte[64];
        WriteName(data, 0, new DeviceNumber(254, 0).Dev, next: 24, "pool");
        WriteName(data, 24, new DeviceNumber(254, 1).Dev, next: 0, "pool-v0");

        var list = DmControl.ParseNameList(data);

        Assert.Equal([new DmDeviceEntry("pool", new(254, 0)), new DmDeviceEntry("pool-v0", new(254, 1))],
            list);
    }

    [Fact]
    public void ParseNameListTreatsAZeroedFirstEntryAsEmpty()
    {
        Assert.Empty(DmControl.ParseNameList(new byte[32]));
    }

    [Fact]
    public void ParseTargetVersionsReadsNameAndVersion()
    {
        byte[] data = new byte[64];
        WriteVersion(data, 0, next: 32, (1, 22, 0), "thin-pool");
        WriteVersion(data, 32, next: 0, (1, 4, 0), "linear");

        var list = DmControl.ParseTargetVersions(data);

        Assert.Equal([new DmTargetVersion("thin-pool", new Version(1, 22, 0)),
            new DmTargetVersion("linear", new Version(1, 4, 0))], list);
    }

    private static void WriteSpec(byte[] b, int at, ulong start, ulong length, string type,
        uint next, string text)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), start);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at + 8), length);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 20), next);
        Encoding.ASCII.GetBytes(type).CopyTo(b, at + 24);
        Encoding.ASCII.GetBytes(text).CopyTo(b, at + 40);
    }

    private static void WriteName(byte[] b, int at, ulong dev, uint next, string name)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), dev);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 8), next);
        Encoding.ASCII.GetBytes(name).CopyTo(b, at + 12);
    }

    private static void WriteVersion(byte[] b, int at, uint next, (uint, uint, uint) v, string name)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), next);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 4), v.Item1);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 8), v.Item2);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at + 12), v.Item3);
        Encoding.ASCII.GetBytes(name).CopyTo(b, at + 16);
    }

    private static string CString(byte[] b, int at) =>
        Encoding.ASCII.GetString(b, at, Array.IndexOf(b, (byte)0, at) - at);
}
