<#
.SYNOPSIS
    Times COUNT x (New-ThinSnapshot, Mount-ThinVolume, Remove-ThinVolume) through the cmdlets
    in this one pwsh process, on a loop pool of its own (1 GiB sparse data, 64 KiB blocks, a
    64 MiB origin: the same shape as the dmsetup loop in run.sh). Run by bench/kernel/run.sh
    inside the dm-vm VM, as root.
#>
[CmdletBinding()]
param(
    [string] $Pool = 'bench.tpkb',
    [int] $Count = 200
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../../ThinPool.psd1')
$work = '/tmp/thinpool-bench-cmdlets'
Remove-Item -Recurse -Force $work -ErrorAction Ignore
$env:THINPOOL_REGISTRY = Join-Path $work 'registry'
$name = "cmdlets-$Pool"
$null = New-ThinPool -Name $name -Path (Join-Path $work 'pool') -DataSize 1GB -Confirm:$false
$null = New-ThinVolume -Pool $name -Name origin -Size 64MB -Confirm:$false
$clock = [Diagnostics.Stopwatch]::StartNew()
for ($i = 1; $i -le $Count; $i++) {
    $null = New-ThinSnapshot -Pool $name -Origin origin -Name "s$i" -Confirm:$false
    $null = Mount-ThinVolume -Pool $name -Name "s$i" -Confirm:$false
    Remove-ThinVolume -Pool $name -Name "s$i" -Confirm:$false
}

$clock.Stop()
Write-Host ("cmdlets: $Count x (New-ThinSnapshot, Mount-ThinVolume, Remove-ThinVolume) in " +
    "$($clock.ElapsedMilliseconds) ms")
Remove-ThinPool -Name $name -DeleteFiles -Confirm:$false
