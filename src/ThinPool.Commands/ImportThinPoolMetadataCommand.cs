using System.Management.Automation;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Replaces a thin pool's metadata with thin_dump XML.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "ThinPoolMetadata", SupportsShouldProcess = true,
    DefaultParameterSetName = PoolParameterSets.Name, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ThinPoolInfo))]
public sealed class ImportThinPoolMetadataCommand : SinglePoolCommandBase
{
    /// <summary>The thin_dump XML file.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Write the pool to the pipeline after the import.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string pool = PoolName;
        string file = GetUnresolvedProviderPathFromPSPath(Path);
        if (!File.Exists(file))
        {
            WriteError("FileNotFound", ErrorCategory.ObjectNotFound, file,
                $"The metadata XML '{file}' does not exist. Give a file written by "
                + "Export-ThinPoolMetadata or thin_dump.");
            return;
        }

        if (!ShouldProcess($"the metadata of {PoolTargetOrName(pool)}, replaced from '{file}'",
                "Import"))
        {
            return;
        }

        Try(pool, () =>
        {
            using var reader = new StreamReader(file);
            ThinPoolInfo info = Service.ImportMetadata(pool, reader);
            if (PassThru)
            {
                WriteObject(info);
            }
        });
    }
}
