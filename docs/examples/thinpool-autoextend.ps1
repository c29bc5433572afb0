<#
.SYNOPSIS
    Grows a thin pool's data space by a fixed step when its use passes a threshold.
.DESCRIPTION
    Meant to run from thinpool-autoextend.timer. It also grows metadata when metadata use passes
    the same threshold, since a pool out of metadata needs repair. It does nothing, and says so,
    when the pool is below the threshold; -WhatIf shows what it would do.
.EXAMPLE
    ./thinpool-autoextend.ps1 -Name tp0 -ThresholdPercent 80 -Step 10GB
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Name,
    [ValidateRange(1, 99)] [double] $ThresholdPercent = 80,
    [ValidateRange(1, [long]::MaxValue)] [long] $Step = 10GB,
    # Where the ThinPool module is, when it is not on PSModulePath.
    [string] $ModulePath = 'ThinPool'
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$status = Get-ThinPoolStatus -Name $Name -WarningAction SilentlyContinue
$data = [math]::Round($status.DataUsedPercent, 1)
$metadata = [math]::Round($status.MetadataUsedPercent, 1)
if ($status.DataUsedPercent -ge $ThresholdPercent) {
    $size = $status.DataTotalBytes + $Step
    Write-Output "$Name data $data% used: growing to $size bytes"
    Resize-ThinPool -Name $Name -DataSize $size -WhatIf:$WhatIfPreference -Confirm:$false
}

# The largest metadata the format can address: 255 bitmaps of 16,320 blocks of 4 KiB.
$metadataCap = 255L * 16320 * 4KB
if ($status.MetadataUsedPercent -ge $ThresholdPercent -and $status.MetadataTotalBytes -lt $metadataCap) {
    # Metadata grows by a quarter, in whole 4 KiB blocks, up to the cap.
    $size = [long] [math]::Ceiling($status.MetadataTotalBytes * 1.25 / 4KB) * 4KB
    $size = [math]::Min($size, $metadataCap)
    Write-Output "$Name metadata $metadata% used: growing to $size bytes"
    Resize-ThinPool -Name $Name -MetadataSize $size -WhatIf:$WhatIfPreference -Confirm:$false
}

if ($status.DataUsedPercent -lt $ThresholdPercent -and
    $status.MetadataUsedPercent -lt $ThresholdPercent) {
    Write-Output "$Name below $ThresholdPercent% (data $data%, metadata $metadata%): nothing to do"
}
