<#
.SYNOPSIS
    The main job on the offline backend, without root: create a pool on files, import a small
    image, snapshot it, change the snapshot, show that the origin is unchanged and that only
    the changed blocks were copied, grow the pool, print its status and run thin_check on its
    metadata.
.DESCRIPTION
    Everything happens in a temporary directory (the pool, its registry, the images), which is
    removed at the end. Exits non-zero when a step does not do what it should.
#>
[CmdletBinding()]
param(
    # Keep the temporary directory for inspection.
    [switch] $Keep
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot '../ThinPool.psd1') -Force

$work = Join-Path ([IO.Path]::GetTempPath()) ("thinpool-demo-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$env:THINPOOL_REGISTRY = Join-Path $work 'registry'
$failures = 0

function Write-Step([string] $Text) {
    Write-Host ''
    Write-Host "== $Text" -ForegroundColor Cyan
}

function Assert-Demo([bool] $Condition, [string] $What) {
    if ($Condition) {
        Write-Host "   ok: $What" -ForegroundColor Green
    }
    else {
        Write-Host "   FAILED: $What" -ForegroundColor Red
        $script:failures++
    }
}

function Write-Image([string] $Path, [long] $Size, [hashtable] $Blocks, [long] $BlockSize) {
    # Block i of the image holds the text $Blocks[i], repeated; every other block is zero.
    $stream = [IO.File]::Open($Path, 'Create', 'ReadWrite')
    try {
        $stream.SetLength($Size)
        foreach ($block in $Blocks.Keys) {
            $text = [Text.Encoding]::ASCII.GetBytes($Blocks[$block])
            $bytes = [byte[]]::new($BlockSize)
            for ($i = 0; $i -lt $BlockSize; $i++) { $bytes[$i] = $text[$i % $text.Length] }
            $stream.Position = [long] $block * $BlockSize
            $stream.Write($bytes, 0, $BlockSize)
        }
    }
    finally {
        $stream.Dispose()
    }
}

function Get-Sha([string] $Path) { (Get-FileHash -Algorithm SHA256 $Path).Hash }

try {
    $block = 64KB

    Write-Step 'Create a 256 MiB pool on sparse files (no root, no device-mapper)'
    $pool = New-ThinPool -Name demo -Path (Join-Path $work 'pool') -DataSize 256MB -BlockSize $block -Offline
    $pool | Format-Table | Out-Host
    Get-ChildItem $pool.Path | Select-Object Name, Length, UnixFileMode | Format-Table | Out-Host

    Write-Step 'Import a 16 MiB image holding 8 blocks of data'
    $image = Join-Path $work 'disk.raw'
    $blocks = @{}
    foreach ($i in 0, 1, 2, 3, 64, 65, 128, 255) { $blocks[$i] = "origin block $i " }
    Write-Image -Path $image -Size 16MB -Blocks $blocks -BlockSize $block
    $imported = Import-ThinVolume -Pool demo -Name base -Path $image
    $imported | Format-Table | Out-Host
    Assert-Demo ($imported.BlocksWritten -eq 8) 'only the 8 non-zero blocks were written'

    Write-Step 'Snapshot it'
    New-ThinSnapshot -Pool demo -Origin base -Name snap | Out-Null
    $before = Get-ThinPoolStatus -Name demo
    Get-ThinVolume -Pool demo | Format-Table | Out-Host
    Assert-Demo ($before.DataUsedBytes -eq 8 * $block) 'the snapshot shares every block (still 8 blocks used)'

    Write-Step 'Change 3 blocks of the snapshot'
    $changed = Join-Path $work 'changed.raw'
    Export-ThinVolume -Pool demo -Name snap -Path $changed | Out-Null
    $edit = $blocks.Clone()
    $edit[1] = 'snapshot changed block 1 '
    $edit[64] = 'snapshot changed block 64 '
    $edit[200] = 'snapshot new block 200 '
    Write-Image -Path $changed -Size 16MB -Blocks $edit -BlockSize $block
    $write = Import-ThinVolume -Pool demo -Name snap -Path $changed
    $after = Get-ThinPoolStatus -Name demo
    $write | Format-Table | Out-Host
    $copied = ($after.DataUsedBytes - $before.DataUsedBytes) / $block
    Write-Host ("   blocks written: {0}; unchanged: {1}; new data blocks in the pool: {2}" -f
        $write.BlocksWritten, $write.BlocksUnchanged, $copied)
    Assert-Demo ($write.BlocksWritten -eq 3) 'only the 3 changed blocks were written'
    Assert-Demo ($copied -eq 3) 'only 3 data blocks were added (2 copy-on-write breaks, 1 new)'

    Write-Step 'The origin is unchanged'
    $originOut = Join-Path $work 'origin.out'
    Export-ThinVolume -Pool demo -Name base -Path $originOut | Out-Null
    Write-Host "   image   $(Get-Sha $image)"
    Write-Host "   origin  $(Get-Sha $originOut)"
    Write-Host "   snap    $(Get-Sha $changed)"
    Assert-Demo ((Get-Sha $originOut) -eq (Get-Sha $image)) 'the origin reads back exactly as imported'
    $snapOut = Join-Path $work 'snap.out'
    Export-ThinVolume -Pool demo -Name snap -Path $snapOut | Out-Null
    Assert-Demo ((Get-Sha $snapOut) -eq (Get-Sha $changed)) 'the snapshot holds the changed data'

    Write-Step 'Grow the pool to 512 MiB data, 4 MiB metadata'
    Resize-ThinPool -Name demo -DataSize 512MB -MetadataSize 4MB -PassThru | Format-Table | Out-Host

    Write-Step 'Status'
    $status = Get-ThinPoolStatus -Name demo
    $status | Format-Table | Out-Host
    $status | Format-List | Out-Host
    Assert-Demo ($status.DataTotalBytes -eq 512MB) 'the pool has 512 MiB of data space'

    Write-Step 'Check the metadata'
    $report = Test-ThinPool -Name demo
    $report | Format-List | Out-Host
    Assert-Demo $report.IsClean 'Test-ThinPool finds nothing wrong'
    $thinCheck = Get-Command thin_check -ErrorAction Ignore
    if ($thinCheck) {
        $output = & $thinCheck.Source $status.MetadataFile 2>&1
        $output | ForEach-Object { Write-Host "   thin_check: $_" }
        Assert-Demo ($LASTEXITCODE -eq 0) "thin_check $($status.MetadataFile) exits 0"
    }
    else {
        Write-Host '   thin_check is not installed (thin-provisioning-tools); skipped.'
    }
}
finally {
    if ($Keep) {
        Write-Host "Kept $work"
    }
    else {
        Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    }
}

Write-Host ''
if ($failures -gt 0) {
    Write-Host "Demo: $failures check(s) failed." -ForegroundColor Red
    exit 1
}

Write-Host 'Demo: every step did what it should.' -ForegroundColor Green
