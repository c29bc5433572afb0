using System.Globalization;
using System.Text.Json;

namespace ThinPool.Engine.Lvm;

/// <summary>
/// Finds and, when told to, erases signatures on a device with util-linux <c>wipefs</c>,
/// the tool the guide uses. Probing is <c>wipefs --no-act --json DEVICE</c>, which changes
/// nothing; its grammar is
/// <code>
/// { "signatures": [ { "device": "vda", "offset": "0x438", "type": "ext4",
///                     "uuid": "..." | null, "label": "..." | null }, ... ] }
/// </code>
/// (an empty list, or no output at all from older versions, when the device is clean).
/// </summary>
public sealed class SignatureProbe
{
    private readonly LvmCommandRunner _runner;

    /// <summary>Creates a probe that runs wipefs through <paramref name="runner"/>.</summary>
    /// <param name="runner">The command chokepoint.</param>
    public SignatureProbe(LvmCommandRunner runner)
    {
        _runner = runner;
    }

    /// <summary>Lists the signatures on <paramref name="device"/> without changing it.</summary>
    /// <param name="device">A block device path.</param>
    /// <returns>The signatures, in the order wipefs reports them; empty when clean.</returns>
    /// <exception cref="LvmRefusedException">The device does not exist.</exception>
    /// <exception cref="LvmCommandException">wipefs failed for another reason.</exception>
    public IReadOnlyList<DeviceSignature> Probe(string device)
    {
        try
        {
            return Parse(device, _runner.RunTool("wipefs", false, "--no-act", "--json", device));
        }
        catch (LvmCommandException ex) when (ex.ExitCode > 0 && !File.Exists(device))
        {
            throw new LvmRefusedException(LvmRefusalReason.DeviceNotFound, device,
                $"Device '{device}' does not exist. Name a block device such as /dev/xvdf.");
        }
    }

    /// <summary>Erases every signature on <paramref name="device"/>, as the guide does before
    /// pvcreate.</summary>
    /// <param name="device">A block device path.</param>
    /// <exception cref="LvmCommandException">wipefs failed (e.g. the device is in use).</exception>
    public void WipeAll(string device) => _runner.RunTool("wipefs", true, "--all", device);

    /// <summary>Throws unless <paramref name="device"/> is clean or <paramref name="force"/>
    /// is set; returns the signatures found so the caller can wipe them.</summary>
    /// <param name="device">A block device path.</param>
    /// <param name="force">Accept a device that has signatures.</param>
    /// <returns>The signatures found.</returns>
    /// <exception cref="LvmRefusedException">Signatures were found and force is off.</exception>
    public IReadOnlyList<DeviceSignature> RequireClean(string device, bool force)
    {
        IReadOnlyList<DeviceSignature> found = Probe(device);
        if (found.Count > 0 && !force)
        {
            string what = string.Join(", ", found.Select(s => $"{s.Type} at offset {s.OffsetBytes}"));
            throw new LvmRefusedException(LvmRefusalReason.DeviceHasSignature, device,
                $"Device '{device}' holds {what}. Use -Force to erase the signatures " +
                "(the data on it becomes unreachable), or choose an empty device.");
        }

        return found;
    }

    /// <summary>Parses wipefs JSON output.</summary>
    /// <param name="device">The device that was probed (used when a row names none).</param>
    /// <param name="json">wipefs's stdout.</param>
    /// <returns>The signatures.</returns>
    /// <exception cref="LvmReportFormatException">The output is malformed.</exception>
    public static IReadOnlyList<DeviceSignature> Parse(string device, string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("signatures", out JsonElement rows)
                || rows.ValueKind != JsonValueKind.Array)
            {
                throw new LvmReportFormatException("signatures", "no 'signatures' array");
            }

            var result = new List<DeviceSignature>();
            foreach (JsonElement row in rows.EnumerateArray())
            {
                result.Add(new DeviceSignature(
                    Optional(row, "device") is { } dev ? "/dev/" + dev.TrimStart('/') : device,
                    ParseOffset(Optional(row, "offset")),
                    Optional(row, "type") ?? throw new LvmReportFormatException("type", "missing"),
                    Optional(row, "uuid"),
                    Optional(row, "label")));
            }

            return result;
        }
        catch (JsonException ex)
        {
            throw new LvmReportFormatException("signatures", "not valid JSON: " + ex.Message, ex);
        }
    }

    private static string? Optional(JsonElement row, string field) =>
        row.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static long ParseOffset(string? text)
    {
        if (text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier,
                CultureInfo.InvariantCulture, out long hex))
        {
            return hex;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long dec)
            ? dec
            : throw new LvmReportFormatException("offset", $"'{text}' is not an offset");
    }
}
