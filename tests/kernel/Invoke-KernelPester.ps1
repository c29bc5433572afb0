<#
.SYNOPSIS
    Runs the Pester tests tagged Kernel (or -Tag) in this one pwsh process (inside the dm-vm VM).
.DESCRIPTION
    tests/kernel/run.sh starts this once per VM boot for the tag Kernel, and
    tests/kernel/lvm/run-lvm-tests.sh for the tag Lvm, because pwsh takes about ten seconds to
    start under TCG. It prints "Tests: N passed, N failed, N skipped" like the engine driver and
    exits 1 when any test failed. Kernel tests name their devices with the suffix .tpkt and
    sweep them before and after; the VM itself is thrown away after the run.
#>
[CmdletBinding()]
param(
    [string] $TestPath = (Join-Path $PSScriptRoot '../pester'),
    [string] $PesterManifest = (Join-Path $HOME '.nuget/packages/pester/5.7.1/tools/Pester.psd1'),
    [ValidateSet('Kernel', 'Lvm')] [string] $Tag = 'Kernel'
)

$ErrorActionPreference = 'Stop'
if (-not (Test-Path $PesterManifest)) {
    Write-Host "Tests: 0 passed, 0 failed, 0 skipped (Pester 5.7.1 not restored: dotnet restore build/Pester.proj)"
    exit 1
}

Import-Module $PesterManifest -Force
$config = New-PesterConfiguration
# Discovery of the whole suite costs minutes under TCG (Help.Tests asks Get-Help for every
# cmdlet), so only files that tag something with $Tag are handed to Pester.
$files = @(Get-ChildItem -Path $TestPath -Recurse -Filter '*.Tests.ps1' |
    Where-Object { Select-String -Path $_.FullName -Pattern "-Tags?\s+[^#]*'?$Tag'?" -Quiet } |
    ForEach-Object FullName)
if ($files.Count -eq 0) {
    Write-Host "Tests: 0 passed, 1 failed, 0 skipped (no file under $TestPath tags a test $Tag)"
    exit 1
}

$config.Run.Path = $files
$config.Run.PassThru = $true
$config.Filter.Tag = $Tag
$config.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $config
if ($null -eq $result) {
    Write-Host "Tests: 0 passed, 1 failed, 0 skipped (Pester returned no result for $TestPath)"
    exit 1
}

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host "Tests: $($result.PassedCount) passed, $failed failed, $($result.SkippedCount) skipped (Pester, $Tag tag)"
if ($failed -gt 0) { exit 1 }
exit 0
