<#
.SYNOPSIS
    Lays out the built module as a standard module folder and packs it as a nupkg.
.DESCRIPTION
    The source manifest (ThinPool.psd1) loads out/bin/ThinPool.dll from a checkout. The package
    is the layout PowerShell expects of an installed module:

        <OutputPath>/ThinPool/<version>/ThinPool.psd1     RootModule = 'ThinPool.dll'
                                        ThinPool.dll, ThinPool.Engine.dll, ThinPool.deps.json
                                        *.Format.ps1xml, *.Types.ps1xml (flattened beside it)
                                        en-US/ThinPool.dll-Help.xml, en-US/about_*.help.txt
                                        runtimes/linux-x64, runtimes/linux-arm64 (Tmds.LibC)
        <OutputPath>/ThinPool.<version>.nupkg

    The nupkg is made by Publish-PSResource into a throw-away local repository, so it is exactly
    what Publish-PSResource -NupkgPath and Install-PSResource accept. Nothing is sent anywhere.
.EXAMPLE
    ./build/Build-Package.ps1 -Root . -BinPath out/bin -OutputPath out/package
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Root,
    [Parameter(Mandatory)] [string] $BinPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string[]] $Runtimes = @('linux-x64', 'linux-arm64')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'Maml/ConvertTo-Psd1.ps1')

$Root = (Resolve-Path $Root).Path
$BinPath = (Resolve-Path $BinPath).Path
$sourceManifest = Join-Path $Root 'ThinPool.psd1'
$manifest = Import-PowerShellDataFile -LiteralPath $sourceManifest
$version = $manifest.ModuleVersion
$moduleDir = Join-Path $OutputPath "ThinPool/$version"

if (Test-Path (Join-Path $OutputPath 'ThinPool')) {
    Remove-Item -Recurse -Force (Join-Path $OutputPath 'ThinPool')
}

New-Item -ItemType Directory -Force -Path $moduleDir | Out-Null
Get-ChildItem -Path $OutputPath -Filter 'ThinPool.*.nupkg' | Remove-Item -Force

# The assemblies and what the runtime reads beside them; no pdb or xml docs in the package.
foreach ($name in 'ThinPool.dll', 'ThinPool.Engine.dll', 'ThinPool.deps.json') {
    Copy-Item -LiteralPath (Join-Path $BinPath $name) -Destination $moduleDir
}

foreach ($rid in $Runtimes) {
    $source = Join-Path $BinPath "runtimes/$rid"
    if (-not (Test-Path $source)) {
        throw "runtimes/$rid is missing from $BinPath; build with 'dotnet publish' first."
    }

    $target = Join-Path $moduleDir "runtimes/$rid"
    New-Item -ItemType Directory -Force -Path $target | Out-Null
    Copy-Item -Recurse -Path "$source/*" -Destination $target
}

$help = Join-Path $BinPath 'en-US'
if (-not (Test-Path (Join-Path $help 'ThinPool.dll-Help.xml'))) {
    throw "No help in $help; run build/Build-Help.ps1 (./build.ps1 -Task Package does) first."
}

Copy-Item -Recurse -LiteralPath $help -Destination $moduleDir

# Format and type files move beside the manifest; the manifest names them by leaf.
foreach ($key in 'FormatsToProcess', 'TypesToProcess') {
    $leaves = foreach ($file in @($manifest[$key])) {
        Copy-Item -LiteralPath (Join-Path $Root $file) -Destination $moduleDir
        Split-Path -Leaf $file
    }

    $manifest[$key] = @($leaves)
}

$manifest.Remove('NestedModules')
$manifest['RootModule'] = 'ThinPool.dll'
$packaged = Join-Path $moduleDir 'ThinPool.psd1'
Set-Content -LiteralPath $packaged -Value (ConvertTo-Psd1 $manifest) -Encoding utf8NoBOM
$null = Test-ModuleManifest -Path $packaged

# Publish into a private, temporary repository to get the nupkg; the name is unique so two
# builds cannot collide, and the registration is removed whatever happens.
$repoName = "ThinPoolBuild$PID"
$repoDir = Join-Path ([IO.Path]::GetTempPath()) $repoName
New-Item -ItemType Directory -Force -Path $repoDir | Out-Null
try {
    Register-PSResourceRepository -Name $repoName -Uri $repoDir -Trusted
    Publish-PSResource -Path $moduleDir -Repository $repoName -SkipDependenciesCheck
    $nupkg = Get-ChildItem -Path $repoDir -Filter '*.nupkg' | Select-Object -First 1
    if (-not $nupkg) {
        throw "Publish-PSResource made no nupkg in $repoDir."
    }

    $destination = Join-Path $OutputPath "ThinPool.$version.nupkg"
    Move-Item -LiteralPath $nupkg.FullName -Destination $destination -Force
    Write-Host "package: $moduleDir"
    Write-Host "package: $destination"
}
finally {
    Unregister-PSResourceRepository -Name $repoName -ErrorAction Ignore
    Remove-Item -Recurse -Force -LiteralPath $repoDir -ErrorAction Ignore
}
