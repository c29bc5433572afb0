namespace ThinPool.Engine.Kernel;

/// <summary>
/// A block device number (major:minor). The kernel's <c>dm_ioctl.dev</c>, <c>st_rdev</c> and the
/// C library's <c>dev_t</c> share one 64-bit encoding: minor bits 0-7 and 20-31 (of 32), major
/// bits 8-19 and 32-63.
/// </summary>
/// <param name="Major">The major number.</param>
/// <param name="Minor">The minor number.</param>
public readonly record struct DeviceNumber(uint Major, uint Minor)
{
    /// <summary>Decodes the 64-bit <c>dev_t</c> encoding.</summary>
    /// <param name="dev">An encoded device number.</param>
    public static DeviceNumber FromDev(ulong dev) => new(
        (uint)(((dev >> 8) & 0xfff) | ((dev >> 32) & 0xfffff000)),
        (uint)((dev & 0xff) | ((dev >> 12) & 0xffffff00)));

    /// <summary>The 64-bit <c>dev_t</c> encoding.</summary>
    public ulong Dev =>
        (Minor & 0xffUL) | ((Major & 0xfffUL) << 8) | ((Minor & ~0xffUL) << 12)
        | ((Major & ~0xfffUL) << 32);

    /// <summary>Parses <c>major:minor</c>, as table lines write devices.</summary>
    /// <param name="text">The text, e.g. <c>7:1</c>.</param>
    /// <param name="result">The device number when the text is valid.</param>
    public static bool TryParse(string text, out DeviceNumber result)
    {
        result = default;
        int colon = text.IndexOf(':');
        if (colon <= 0 || !uint.TryParse(text.AsSpan(0, colon), out uint major)
            || !uint.TryParse(text.AsSpan(colon + 1), out uint minor))
        {
            return false;
        }

        result = new DeviceNumber(major, minor);
        return true;
    }

    /// <summary><c>major:minor</c>.</summary>
    public override string ToString() => $"{Major}:{Minor}";
}
