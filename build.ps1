<#
.SYNOPSIS
    Builds, documents, tests, packages and demonstrates the ThinPool module.
.DESCRIPTION
    Tasks:
      Build    compiles the engine and the cmdlets into out/bin (what ThinPool.psd1 loads).
      Help     turns docs/*.md (platyPS layout) into MAML external help beside the assembly.
      Test     Build + Help, then xUnit (engine), Pester (cmdlets) and the kernel suite in the
               VM, summed into one closing line: Tests: N passed, N failed, N skipped.
      Package  a standard module folder and a nupkg under out/package.
      Demo     the main job on the offline backend.
      Bench    the benchmarks under bench/.
    Tests run in a child pwsh so the built assembly is never locked in this session.
.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Help', 'Test', 'Package', 'Demo', 'Bench')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Skip the kernel suite (it boots a VM); it is counted as skipped.
    [switch] $SkipKernel
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$Bin = Join-Path $Out 'bin'
$Results = Join-Path $Out 'test-results'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)

    & $File @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE"
    }
}

function Get-ChildPwsh {
    # This pwsh, to start a child: under `dotnet tool run pwsh` the process is dotnet itself,
    # and the child needs pwsh.dll as its first argument.
    $self = (Get-Process -Id $PID).Path
    if ((Split-Path -Leaf $self) -eq 'dotnet') {
        return $self, @(Join-Path $PSHOME 'pwsh.dll')
    }

    return $self, @()
}

function Get-PesterManifest {
    $cache = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $manifest = Join-Path $cache.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) {
        Invoke-Native dotnet @('restore', (Join-Path $Root 'build/Pester.proj'))
    }
    return $manifest
}

function Invoke-Build {
    Write-Host "==> Build ($Configuration)"
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/ThinPool.Commands'), '-c', $Configuration,
        '-o', $Bin, '--nologo', '-v', 'quiet')
}

function Invoke-Help {
    Write-Host '==> Help'
    & (Join-Path $Root 'build/Build-Help.ps1') -DocsPath (Join-Path $Root 'docs') -OutputPath $Bin

    # About topics are found only beside the manifest, which in a source checkout is the root.
    $rootHelp = Join-Path $Root 'en-US'
    New-Item -ItemType Directory -Force $rootHelp | Out-Null
    Copy-Item (Join-Path $Bin 'en-US/about_ThinPool.help.txt') $rootHelp -Force
}

function Read-TrxCounts {
    param([string] $Path)

    [xml] $trx = Get-Content -Raw $Path
    $c = $trx.TestRun.ResultSummary.Counters
    $skipped = [int] $c.notExecuted
    return [pscustomobject] @{
        Passed  = [int] $c.passed
        Failed  = [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
        Skipped = $skipped
    }
}

function Invoke-EngineTests {
    Write-Host '==> xUnit (engine)'
    $trx = Join-Path $Results 'engine.trx'
    Remove-Item $trx -ErrorAction Ignore
    & dotnet test (Join-Path $Root 'tests/ThinPool.Engine.Tests') -c $Configuration --nologo `
        --logger 'trx;LogFileName=engine.trx' --logger 'console;verbosity=minimal' `
        --results-directory $Results
    if (-not (Test-Path $trx)) {
        return [pscustomobject] @{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    return Read-TrxCounts $trx
}

function Invoke-PesterTests {
    Write-Host '==> Pester (cmdlets)'
    $summary = Join-Path $Results 'pester.json'
    Remove-Item $summary -ErrorAction Ignore
    $runner = Join-Path $Root 'build/Invoke-PesterSuite.ps1'
    $pwsh, $pwshArgs = Get-ChildPwsh
    & $pwsh @pwshArgs -NoLogo -NoProfile -NonInteractive -File $runner -PesterManifest (Get-PesterManifest) `
        -TestPath (Join-Path $Root 'tests/pester') -SummaryPath $summary -ExcludeTag 'Kernel,Lvm'
    if (-not (Test-Path $summary)) {
        return [pscustomobject] @{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    return Get-Content -Raw $summary | ConvertFrom-Json
}

function Invoke-VmRunner {
    param([string] $Runner)

    # A runner prints one or more closing lines; a non-zero exit with none failing counts as one.
    $lines = & bash $Runner 2>&1 | ForEach-Object { Write-Host $_; "$_" }
    $exit = $LASTEXITCODE
    $pattern = '^Tests: (\d+) passed, (\d+) failed, (\d+) skipped'
    $counts = @($lines | Where-Object { $_ -match $pattern } | ForEach-Object {
            $null = $_ -match $pattern
            [pscustomobject] @{ Passed = [int] $Matches[1]; Failed = [int] $Matches[2]; Skipped = [int] $Matches[3] }
        })
    if ($counts.Count -eq 0) {
        return [pscustomobject] @{ Passed = 0; Failed = 1; Skipped = 0 }
    }

    $failed = ($counts | Measure-Object Failed -Sum).Sum
    if ($exit -ne 0 -and $failed -eq 0) {
        $failed = 1
    }

    return [pscustomobject] @{
        Passed  = ($counts | Measure-Object Passed -Sum).Sum
        Failed  = $failed
        Skipped = ($counts | Measure-Object Skipped -Sum).Sum
    }
}

function Invoke-KernelTests {
    if ($SkipKernel) {
        Write-Host 'kernel suites skipped (-SkipKernel)'
        return [pscustomobject] @{ Passed = 0; Failed = 0; Skipped = 0 }
    }

    Write-Host '==> Kernel suite (VM)'
    Invoke-VmRunner (Join-Path $Root 'tests/kernel/run.sh')
    Write-Host '==> LVM suite (VM)'
    Invoke-VmRunner (Join-Path $Root 'tests/kernel/lvm/run-lvm-tests.sh')
}

function Invoke-Test {
    New-Item -ItemType Directory -Force $Results | Out-Null
    $parts = @(
        Invoke-EngineTests
        Invoke-PesterTests
        Invoke-KernelTests
    )
    $passed = ($parts | Measure-Object Passed -Sum).Sum
    $failed = ($parts | Measure-Object Failed -Sum).Sum
    $skipped = ($parts | Measure-Object Skipped -Sum).Sum
    Write-Host "Tests: $passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) {
        exit 1
    }
}

function Invoke-Package {
    Write-Host '==> Package'
    & (Join-Path $Root 'build/Build-Package.ps1') -Root $Root -BinPath $Bin -OutputPath (Join-Path $Out 'package')
}

function Invoke-Demo {
    $pwsh, $pwshArgs = Get-ChildPwsh
    & $pwsh @pwshArgs -NoLogo -NoProfile -NonInteractive -File (Join-Path $Root 'build/Demo.ps1')
    if ($LASTEXITCODE -ne 0) {
        exit $LASTEXITCODE
    }
}

function Invoke-Bench {
    # Each writes its figures beside itself (results.md) or into docs/reliability.md.
    Write-Host '==> Engine benchmark against thin-provisioning-tools and dd'
    Invoke-Native bash @((Join-Path $Root 'bench/run.sh'))
    Write-Host '==> Reliability: crash and corruption cases at full count'
    Invoke-Native bash @((Join-Path $Root 'bench/reliability/run.sh'))
    Write-Host '==> Kernel: snapshot cycles against dmsetup, in the VM'
    Invoke-Native bash @((Join-Path $Root 'bench/kernel/run.sh'), '200')
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Help' { Invoke-Build; Invoke-Help }
        'Test' { Invoke-Build; Invoke-Help; Invoke-Test }
        'Package' { Invoke-Build; Invoke-Help; Invoke-Package }
        'Demo' { Invoke-Build; Invoke-Help; Invoke-Demo }
        'Bench' { Invoke-Bench }
    }
}
