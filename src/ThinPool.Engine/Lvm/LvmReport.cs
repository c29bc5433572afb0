using System.Globalization;
using System.Text.Json;

namespace ThinPool.Engine.Lvm;

/// <summary>
/// Reads lvm2's JSON reports into typed rows. The grammar, as lvm 2.03 writes it with
/// <c>--reportformat json --units b --nosuffix</c>:
/// <code>
/// { "report": [ { "pv" | "vg" | "lv": [ { "field": "value", ... }, ... ] } ] }
/// </code>
/// Every value is a JSON string; sizes are decimal bytes; percentages are decimal with a
/// dot; a field that does not apply to a row is the empty string. A missing field or a
/// value that does not parse raises <see cref="LvmReportFormatException"/> naming it.
/// </summary>
public static class LvmReport
{
    /// <summary>Parses <c>pvs</c> output.</summary>
    /// <param name="json">The command's stdout.</param>
    /// <returns>One record per row, in report order.</returns>
    /// <exception cref="LvmReportFormatException">The report is malformed.</exception>
    public static IReadOnlyList<LvmPhysicalVolume> ParsePhysicalVolumes(string json) =>
        Rows(json, "pv", r => new LvmPhysicalVolume(
            r.Text("pv_name"), r.Text("vg_name"), r.Bytes("pv_size"), r.Bytes("pv_free"),
            r.Text("pv_uuid")));

    /// <summary>Parses <c>vgs</c> output.</summary>
    /// <param name="json">The command's stdout.</param>
    /// <returns>One record per row, in report order.</returns>
    /// <exception cref="LvmReportFormatException">The report is malformed.</exception>
    public static IReadOnlyList<LvmVolumeGroup> ParseVolumeGroups(string json) =>
        Rows(json, "vg", r => new LvmVolumeGroup(
            r.Text("vg_name"), r.Bytes("vg_size"), r.Bytes("vg_free"), r.Bytes("vg_extent_size"),
            r.Bytes("vg_extent_count"), r.Bytes("vg_free_count"), (int)r.Bytes("pv_count"),
            (int)r.Bytes("lv_count"), r.Text("vg_uuid")));

    /// <summary>Parses <c>lvs</c> output.</summary>
    /// <param name="json">The command's stdout.</param>
    /// <returns>One record per row, in report order.</returns>
    /// <exception cref="LvmReportFormatException">The report is malformed.</exception>
    public static IReadOnlyList<LvmLogicalVolume> ParseLogicalVolumes(string json) =>
        Rows(json, "lv", r =>
        {
            string name = r.Text("lv_name");
            bool hidden = name.Length > 1 && name[0] == '[' && name[^1] == ']';
            return new LvmLogicalVolume(
                r.Text("vg_name"), hidden ? name[1..^1] : name, r.Text("lv_attr"),
                r.Bytes("lv_size"), r.Text("segtype"), r.Percent("data_percent"),
                r.Percent("metadata_percent"), r.OptionalUnsigned("transaction_id"),
                r.Bytes("chunk_size"), r.OptionalBytes("lv_metadata_size"),
                r.OptionalText("lv_profile"), ParseMonitor(r.Text("seg_monitor")),
                r.Text("lv_dm_path"), r.Text("lv_uuid"), r.Text("lv_active") == "active", hidden,
                r.OptionalText("pool_lv"));
        });

    /// <summary>Maps the <c>seg_monitor</c> field to a state.</summary>
    /// <param name="value">The field's text.</param>
    /// <returns>The state; <see cref="LvmMonitorState.Unknown"/> for an empty field.</returns>
    /// <exception cref="LvmReportFormatException">An unknown value.</exception>
    public static LvmMonitorState ParseMonitor(string value) => value switch
    {
        "" => LvmMonitorState.Unknown,
        "monitored" => LvmMonitorState.Monitored,
        "not monitored" => LvmMonitorState.NotMonitored,
        _ => throw new LvmReportFormatException("seg_monitor", $"unknown value '{value}'"),
    };

    private static IReadOnlyList<T> Rows<T>(string json, string kind, Func<Row, T> map)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new LvmReportFormatException("report", "not valid JSON: " + ex.Message, ex);
        }

        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("report", out JsonElement reports)
                || reports.ValueKind != JsonValueKind.Array)
            {
                throw new LvmReportFormatException("report", "no 'report' array");
            }

            var result = new List<T>();
            foreach (JsonElement report in reports.EnumerateArray())
            {
                if (!report.TryGetProperty(kind, out JsonElement rows)
                    || rows.ValueKind != JsonValueKind.Array)
                {
                    throw new LvmReportFormatException(kind, $"no '{kind}' array in the report");
                }

                foreach (JsonElement row in rows.EnumerateArray())
                {
                    result.Add(map(new Row(row)));
                }
            }

            return result;
        }
    }

    private readonly struct Row(JsonElement element)
    {
        public string Text(string field)
        {
            if (element.ValueKind != JsonValueKind.Object
                || !element.TryGetProperty(field, out JsonElement value))
            {
                throw new LvmReportFormatException(field, "missing from the row");
            }

            return value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new LvmReportFormatException(field, $"expected a string, got {value.ValueKind}");
        }

        public string? OptionalText(string field)
        {
            string text = Text(field);
            return text.Length == 0 ? null : text;
        }

        public long Bytes(string field) =>
            OptionalBytes(field) ?? throw new LvmReportFormatException(field, "empty");

        public long? OptionalBytes(string field)
        {
            string text = Text(field);
            if (text.Length == 0)
            {
                return null;
            }

            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out long value)
                ? value
                : throw new LvmReportFormatException(field, $"'{text}' is not a whole number " +
                    "(was the report asked for with --units b --nosuffix?)");
        }

        public ulong? OptionalUnsigned(string field)
        {
            string text = Text(field);
            if (text.Length == 0)
            {
                return null;
            }

            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture,
                out ulong value)
                ? value
                : throw new LvmReportFormatException(field, $"'{text}' is not an unsigned number");
        }

        public double? Percent(string field)
        {
            string text = Text(field);
            if (text.Length == 0)
            {
                return null;
            }

            return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                out double value)
                ? value
                : throw new LvmReportFormatException(field, $"'{text}' is not a percentage");
        }
    }
}
