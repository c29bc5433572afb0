using ThinPool.Engine.Tests.Oracles;

namespace ThinPool.Engine.Tests.Check;

/// <summary>Sample paths and the one oracle <see cref="ExternalTools"/> does not cover.</summary>
internal static class OracleTools
{
    public static string SamplePath(string name) =>
        Path.Combine(AppContext.BaseDirectory, "testdata", "dmthin", name);

    /// <summary>True when thin_restore can run; false (skip) or, under CI, an exception.</summary>
    public static bool RequireThinRestore()
    {
        if (ExternalTools.Find("thin_restore") is not null)
        {
            return ExternalTools.RequireThinTools();
        }

        return ExternalTools.IsCi
            ? throw new InvalidOperationException("thin_restore is required under CI but was not found.")
            : false;
    }

    public static ExternalTools.Result ThinRestore(string xml, string image) =>
        ExternalTools.Run(ExternalTools.Find("thin_restore")!, new[] { "-q", "-i", xml, "-o", image });
}
