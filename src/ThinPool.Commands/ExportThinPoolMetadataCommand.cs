using System.Management.Automation;
using System.Text;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Writes a thin pool's metadata as thin_dump XML.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "ThinPoolMetadata", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolParameterSets.Name, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(string), typeof(FileInfo))]
public sealed class ExportThinPoolMetadataCommand : SinglePoolCommandBase
{
    /// <summary>The XML file to write. Without it the XML is written to the pipeline as one
    /// string.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Dump the held metadata snapshot instead of the live metadata.</summary>
    [Parameter]
    public SwitchParameter MetadataSnapshot { get; set; }

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string pool = PoolName;
        if (Path is null)
        {
            Try(pool, () =>
            {
                var text = new StringWriter();
                Service.ExportMetadata(pool, text, MetadataSnapshot);
                WriteObject(text.ToString());
            });
            return;
        }

        string file = GetUnresolvedProviderPathFromPSPath(Path);
        bool checkedTarget = false;
        Try(file, () =>
        {
            OutputFile.CheckTarget(file, Force);
            checkedTarget = true;
        });
        if (!checkedTarget
            || !ShouldProcess($"file '{file}' from the metadata of thin pool '{pool}'", "Export"))
        {
            return;
        }

        Try(pool, () =>
        {
            OutputFile.Write(file, Force, output =>
            {
                using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
                Service.ExportMetadata(pool, writer, MetadataSnapshot);
            });
            WriteObject(new FileInfo(file));
        });
    }
}
