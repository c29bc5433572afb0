<#
.SYNOPSIS
    Runs the reliability Pester files one by one and writes their counts as JSON for the
    reliability report.
#>
param(
    [Parameter(Mandatory)] [string] $Root,
    [Parameter(Mandatory)] [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'
$cache = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
Import-Module (Join-Path $cache.Trim() 'pester/5.7.1/tools/Pester.psd1')
$files = [ordered] @{
    'races (two processes on one pool)' = 'Races.Tests.ps1'
    'bad input (every cmdlet and parameter)' = 'BadInput.Tests.ps1'
    'security (modes, links, names)' = 'Security.Tests.ps1'
}
$rows = foreach ($area in $files.Keys) {
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $Root "tests/pester/$($files[$area])"
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'None'
    $result = Invoke-Pester -Configuration $config
    [pscustomobject] @{
        Area   = $area
        File   = $files[$area]
        Passed = $result.PassedCount
        Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    }
}
ConvertTo-Json -InputObject @($rows) | Set-Content -Path $SummaryPath
