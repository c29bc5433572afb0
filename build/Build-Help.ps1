<#
.SYNOPSIS
    Builds the module's external help from docs/: MAML for the cmdlets, text for about topics.
.DESCRIPTION
    Every docs/<Verb-Noun>.md (platyPS layout, see build/Maml/Read-CommandMarkdown.ps1) becomes
    one command in <OutputPath>/<Culture>/ThinPool.dll-Help.xml, the file PowerShell looks up
    for cmdlets implemented in ThinPool.dll. Every docs/about_*.md becomes
    <OutputPath>/<Culture>/about_*.help.txt and module/about_*.help.txt, the copy kept in the
    repository so the text is reviewed with the markdown.

    A page that does not parse, or a cmdlet page whose title does not match its file name,
    fails the build: help that silently loses a section is worse than no build.
.EXAMPLE
    ./build/Build-Help.ps1 -DocsPath docs -OutputPath out/bin
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $Culture = 'en-US',
    [string] $AssemblyName = 'ThinPool.dll',
    # Where the reviewed copy of each about topic is written; empty to skip.
    [string] $AboutCopyPath = (Join-Path $PSScriptRoot '../module')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
. (Join-Path $PSScriptRoot 'Maml/Read-CommandMarkdown.ps1')
. (Join-Path $PSScriptRoot 'Maml/Write-Maml.ps1')
. (Join-Path $PSScriptRoot 'Maml/ConvertTo-AboutHelp.ps1')

$target = Join-Path $OutputPath $Culture
New-Item -ItemType Directory -Force -Path $target | Out-Null

$pages = @(Get-ChildItem -LiteralPath $DocsPath -Filter '*-*.md' -File | Sort-Object Name)
$commands = foreach ($page in $pages) {
    $command = Read-CommandMarkdown -Path $page.FullName
    if ($command.Name -ne $page.BaseName) {
        throw "$($page.Name): the title '# $($command.Name)' does not match the file name."
    }

    $command
}

$maml = Join-Path $target "$AssemblyName-Help.xml"
Write-Maml -Path $maml -Commands @($commands)
Write-Host "help: $($pages.Count) cmdlet pages -> $maml"

foreach ($about in Get-ChildItem -LiteralPath $DocsPath -Filter 'about_*.md' -File) {
    $text = ConvertTo-AboutHelp -Path $about.FullName
    $name = "$($about.BaseName).help.txt"
    $encoding = [System.Text.UTF8Encoding]::new($false)
    [System.IO.File]::WriteAllText((Join-Path $target $name), $text, $encoding)
    if ($AboutCopyPath) {
        New-Item -ItemType Directory -Force -Path $AboutCopyPath | Out-Null
        [System.IO.File]::WriteAllText((Join-Path $AboutCopyPath $name), $text, $encoding)
    }

    Write-Host "help: $($about.Name) -> $name"
}
