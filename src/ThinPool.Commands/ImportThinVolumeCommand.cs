using System.Management.Automation;
using ThinPool.Commands.Completion;
using ThinPool.Commands.Infrastructure;
using ThinPool.Engine.Pool;

namespace ThinPool.Commands;

/// <summary>
/// <para type="synopsis">Copies a raw image into a thin volume, writing only the blocks that
/// hold data.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "ThinVolume", SupportsShouldProcess = true,
    ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ThinVolumeTransfer))]
public sealed class ImportThinVolumeCommand : ThinPoolCommandBase
{
    /// <summary>The pool name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PoolNameCompleter))]
    public string Pool { get; set; } = "";

    /// <summary>The volume; created sized to the image when it does not exist, overwritten in
    /// place when it does.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VolumeNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The raw image file.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string image = GetUnresolvedProviderPathFromPSPath(Path);
        if (!File.Exists(image))
        {
            WriteError("FileNotFound", ErrorCategory.ObjectNotFound, image,
                $"The image '{image}' does not exist. Give the path of a raw image file.");
            return;
        }

        string size = ByteSize.Format(new FileInfo(image).Length);
        if (!ShouldProcess($"thin volume '{Name}' in pool '{Pool}' from '{image}' ({size})",
                "Import"))
        {
            return;
        }

        Try(Name, () => WriteObject(Service.ImportVolume(Pool, Name, image)));
    }
}
