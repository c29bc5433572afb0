using System.Globalization;

namespace ThinPool.Commands.Infrastructure;

/// <summary>Human sizes for the format views: 1024-based, at most one decimal (1.5 GiB).</summary>
public static class ByteSize
{
    private static readonly string[] Units = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

    /// <summary>Formats a byte count, such as <c>64 KiB</c> or <c>1.5 GiB</c>.</summary>
    /// <param name="bytes">The size in bytes; null formats as an empty string.</param>
    /// <returns>The text.</returns>
    public static string Format(long? bytes)
    {
        if (bytes is not long value)
        {
            return "";
        }

        double size = Math.Abs((double)value);
        int unit = 0;
        while (size >= 1024 && unit < Units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        string number = unit == 0 || size >= 100 || size == Math.Floor(size)
            ? size.ToString("0", CultureInfo.InvariantCulture)
            : size.ToString("0.#", CultureInfo.InvariantCulture);
        return (value < 0 ? "-" : "") + number + " " + Units[unit];
    }
}
