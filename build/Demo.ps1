<#
.SYNOPSIS
    The main job on the offline backend. Until the offline pool cmdlets land it shows the
    module loading and its commands with their help synopses.
#>
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../ThinPool.psd1') -Force
Get-Command -Module ThinPool | Sort-Object Name | ForEach-Object {
    [pscustomobject] @{ Command = $_.Name; Synopsis = (Get-Help $_.Name).Synopsis }
} | Format-Table -AutoSize
