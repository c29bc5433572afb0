<#
    The package a user installs: built by build/Build-Package.ps1 from out/bin, published to a
    local file repository, installed with Install-PSResource and imported in a fresh pwsh.
    Every child pwsh gets HOME inside TestDrive, so the repository registration and the
    installed module land there and nothing of the user's PowerShell setup is read or changed.
#>

BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $pwsh = Join-Path $PSHOME 'pwsh'
    $version = (Import-PowerShellDataFile (Join-Path $root 'ThinPool.psd1')).ModuleVersion
    $home_ = Join-Path $TestDrive 'home'
    $repo = Join-Path $TestDrive 'repo'
    $out = Join-Path $TestDrive 'package'
    New-Item -ItemType Directory -Path $home_, $repo | Out-Null

    function Invoke-Child {
        # Runs a script in a fresh pwsh with HOME in TestDrive; returns its output lines and
        # throws with its error output when it fails.
        param([string] $Script)

        $saved = $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:PSModulePath
        $env:HOME = $home_
        $env:XDG_DATA_HOME = $env:XDG_CONFIG_HOME = $null
        $env:PSModulePath = $null
        try {
            $output = & $pwsh -NoLogo -NoProfile -NonInteractive -Command $Script 2>&1
            if ($LASTEXITCODE -ne 0) {
                throw "child pwsh failed ($LASTEXITCODE): $($output -join "`n")"
            }

            return $output | ForEach-Object { "$_" }
        }
        finally {
            $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:PSModulePath = $saved
        }
    }

    & (Join-Path $root 'build/Build-Package.ps1') -Root $root -BinPath (Join-Path $root 'out/bin') `
        -OutputPath $out 6>&1 | Out-Null
    $nupkg = Join-Path $out "ThinPool.$version.nupkg"
    $moduleDir = Join-Path $out "ThinPool/$version"

    Invoke-Child @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name ThinPoolTest -Uri '$repo' -Trusted
Publish-PSResource -NupkgPath '$nupkg' -Repository ThinPoolTest
Install-PSResource -Name ThinPool -Repository ThinPoolTest -TrustRepository -Scope CurrentUser -Quiet
"@ | Out-Null
    $installed = Join-Path $home_ ".local/share/powershell/Modules/ThinPool/$version"
}

Describe 'Build-Package' {
    Context 'module folder' {
        It 'has a manifest whose root module is the assembly beside it' {
            (Import-PowerShellDataFile (Join-Path $moduleDir 'ThinPool.psd1')).RootModule |
                Should -Be 'ThinPool.dll'
        }

        It 'carries the MAML help and the about topic' -TestCases @(
            @{ File = 'en-US/ThinPool.dll-Help.xml' }
            @{ File = 'en-US/about_ThinPool.help.txt' }
        ) {
            Join-Path $moduleDir $File | Should -Exist
        }

        It 'carries Tmds.LibC for <Rid>' -TestCases @(
            @{ Rid = 'linux-x64' }
            @{ Rid = 'linux-arm64' }
        ) {
            Join-Path $moduleDir "runtimes/$Rid/lib/netstandard2.0/Tmds.LibC.dll" | Should -Exist
        }

        It 'has every format and type file its manifest names' {
            $manifest = Import-PowerShellDataFile (Join-Path $moduleDir 'ThinPool.psd1')
            $missing = @($manifest.FormatsToProcess) + @($manifest.TypesToProcess) |
                Where-Object { $_ -and -not (Test-Path (Join-Path $moduleDir $_)) }
            $missing | Should -BeNullOrEmpty
        }

        It 'passes Test-ModuleManifest' {
            { Test-ModuleManifest (Join-Path $moduleDir 'ThinPool.psd1') -ErrorAction Stop } |
                Should -Not -Throw
        }
    }

    Context 'nupkg' {
        It 'is published to the local repository' {
            Get-ChildItem $repo -Filter '*.nupkg' | Should -Not -BeNullOrEmpty
        }

        It 'installs into the user module path' {
            Join-Path $installed 'ThinPool.dll' | Should -Exist
        }
    }
}

Describe 'Installed ThinPool module' {
    BeforeAll {
        $registry = Join-Path $TestDrive 'registry'
        $poolDir = Join-Path $TestDrive 'pools/pkg'
        $lines = Invoke-Child @"
`$ErrorActionPreference = 'Stop'
`$env:THINPOOL_REGISTRY = '$registry'
Import-Module ThinPool
'base=' + (Get-Module ThinPool).ModuleBase
'commands=' + @(Get-Command -Module ThinPool).Count
'synopsis=' + (Get-Help New-ThinPool).Synopsis
'about=' + ((Get-Help about_ThinPool | Out-String) -match 'SHORT DESCRIPTION')
try {
    `$pool = New-ThinPool -Name pkg -Path '$poolDir' -DataSize 64MB -Offline
    'created=' + `$pool.Name
    'listed=' + (@(Get-ThinPool).Name -join ',')
}
catch {
    'created=error: ' + `$_
}
"@
        $result = @{}
        foreach ($line in $lines) {
            if ($line -match '^(\w+)=(.*)$') {
                $result[$Matches[1]] = $Matches[2]
            }
        }
    }

    It 'imports by name from the installed location' {
        $result['base'] | Should -Be $installed
    }

    It 'exports its cmdlets' {
        [int] $result['commands'] | Should -BeGreaterThan 0
    }

    It 'finds the cmdlet help' {
        # A sentence, not the syntax line Get-Help makes up when it finds no MAML.
        $result['synopsis'] | Should -Match '^[A-Z][^<>]+$'
    }

    It 'finds the about topic' {
        $result['about'] | Should -Be 'True'
    }

    It 'creates a pool on the offline backend' {
        $result['created'] | Should -Be 'pkg'
    }

    It 'lists the pool it created' {
        $result['listed'] | Should -Be 'pkg'
    }
}
