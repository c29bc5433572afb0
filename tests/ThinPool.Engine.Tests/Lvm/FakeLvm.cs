using ThinPool.Engine.Lvm;

namespace ThinPool.Engine.Tests.Lvm;

// A scripted stand-in for lvm2 and wipefs. Each call is logged as one line ("lvcreate -n ..."
// for lvm subcommands, "wipefs ..." for tools, without the --config pair); answers come from
// handlers keyed by the subcommand, and any call can be made to fail.
internal sealed class FakeLvm : IProcessRunner
{
    private readonly Dictionary<string, Func<IReadOnlyList<string>, string>> _answers = new();

    public List<string> Calls { get; } = [];

    public List<IReadOnlyList<string>> RawCalls { get; } = [];

    public List<IReadOnlyDictionary<string, string>> Environments { get; } = [];

    public string? FailOn { get; set; }

    public void Answer(string command, string output) => _answers[command] = _ => output;

    public void Answer(string command, Func<IReadOnlyList<string>, string> output) =>
        _answers[command] = output;

    public bool WasCalled(string prefix) => Calls.Any(c => c.StartsWith(prefix, StringComparison.Ordinal));

    public ProcessResult Run(string fileName, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment)
    {
        RawCalls.Add([fileName, .. arguments]);
        Environments.Add(environment);
        var shown = new List<string>();
        string command = fileName == "lvm" ? arguments[0] : fileName;
        for (int i = fileName == "lvm" ? 1 : 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "--config")
            {
                i++;
                continue;
            }

            shown.Add(arguments[i]);
        }

        string line = shown.Count == 0 ? command : command + " " + string.Join(' ', shown);
        Calls.Add(line);
        if (FailOn is not null && line.StartsWith(FailOn, StringComparison.Ordinal))
        {
            return new ProcessResult(5, "", $"  {command}: injected failure\n");
        }

        return _answers.TryGetValue(command, out var answer)
            ? new ProcessResult(0, answer(shown), "")
            : new ProcessResult(0, "", "");
    }

    public static string Pvs(params (string Name, string Vg)[] rows) =>
        Report("pv", rows.Select(r =>
            $"{{\"pv_name\":\"{r.Name}\", \"vg_name\":\"{r.Vg}\", \"pv_size\":\"1069547520\", " +
            $"\"pv_free\":\"0\", \"pv_uuid\":\"u\"}}"));

    public static string Vgs(params (string Name, long FreeExtents)[] rows) =>
        Report("vg", rows.Select(r =>
            $"{{\"vg_name\":\"{r.Name}\", \"vg_size\":\"1069547520\", " +
            $"\"vg_free\":\"{r.FreeExtents * 4194304}\", \"vg_extent_size\":\"4194304\", " +
            $"\"vg_extent_count\":\"255\", \"vg_free_count\":\"{r.FreeExtents}\", " +
            "\"pv_count\":\"1\", \"lv_count\":\"1\", \"vg_uuid\":\"u\"}"));

    public static string PoolLvs(string vg, string lv, long size = 1015021568,
        string transactionId = "0", string dataPercent = "0.00", string monitor = "monitored",
        string profile = "docker-thinpool", long metadataSize = 8388608,
        params string[] thinVolumes) =>
        Report("lv", [
            $"{{\"vg_name\":\"{vg}\", \"lv_name\":\"{lv}\", \"lv_attr\":\"twi-a-t---\", " +
            $"\"lv_size\":\"{size}\", \"segtype\":\"thin-pool\", \"data_percent\":\"{dataPercent}\", " +
            $"\"metadata_percent\":\"10.40\", \"transaction_id\":\"{transactionId}\", " +
            $"\"chunk_size\":\"524288\", \"lv_metadata_size\":\"{metadataSize}\", " +
            $"\"lv_profile\":\"{profile}\", \"seg_monitor\":\"{monitor}\", " +
            $"\"lv_dm_path\":\"/dev/mapper/{vg}-{lv}\", \"lv_uuid\":\"u-{lv}\", " +
            "\"lv_active\":\"active\", \"pool_lv\":\"\"}",
            .. thinVolumes.Select(t =>
                $"{{\"vg_name\":\"{vg}\", \"lv_name\":\"{t}\", \"lv_attr\":\"Vwi-a-tz--\", " +
                "\"lv_size\":\"104857600\", \"segtype\":\"thin\", \"data_percent\":\"0.00\", " +
                "\"metadata_percent\":\"\", \"transaction_id\":\"\", \"chunk_size\":\"0\", " +
                "\"lv_metadata_size\":\"\", \"lv_profile\":\"\", \"seg_monitor\":\"\", " +
                $"\"lv_dm_path\":\"/dev/mapper/{vg}-{t}\", \"lv_uuid\":\"u-{t}\", " +
                $"\"lv_active\":\"active\", \"pool_lv\":\"{lv}\"}}"),
        ]);

    public static string NoRows(string kind) => Report(kind, []);

    private static string Report(string kind, IEnumerable<string> rows) =>
        $"{{\"report\": [ {{ \"{kind}\": [ {string.Join(", ", rows)} ] }} ] }}";
}
