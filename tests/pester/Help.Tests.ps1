<#
    Every example in the cmdlet help runs, as a user would paste it, on the offline backend.
    Each example gets its own directory in TestDrive as the current location and its own pool
    registry (THINPOOL_REGISTRY), so examples are independent of each other and of the user's
    pools. The code is read from Get-Help, which is what users see, not from docs/.
#>

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $root 'ThinPool.psd1') -Force
    $script:exampleCases = foreach ($command in Get-Command -Module ThinPool -CommandType Cmdlet |
            Sort-Object Name) {
        $index = 0
        foreach ($example in @((Get-Help $command.Name -Examples).examples.example)) {
            $index++
            if ($example -and $example.code) {
                @{
                    Name  = $command.Name
                    Index = $index
                    Title = ($example.title -replace '^[-\s]+|[-\s]+$', '')
                }
            }
        }
    }
}

BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $root 'ThinPool.psd1') -Force
}

Describe 'Help examples' {
    It 'exist for the exported cmdlets' {
        @($exampleCases).Count | Should -BeGreaterThan 0
    }

    It 'exist for every exported cmdlet' {
        $without = Get-Command -Module ThinPool -CommandType Cmdlet |
            Where-Object { $exampleCases.Name -notcontains $_.Name }
        $without.Name | Should -BeNullOrEmpty
    }

    It '<Name> example <Index> runs: <Title>' -ForEach $exampleCases {
        $code = @((Get-Help $Name -Examples).examples.example)[$Index - 1].code
        $directory = Join-Path $TestDrive "$Name-$Index"
        New-Item -ItemType Directory -Path $directory | Out-Null
        $savedRegistry = $env:THINPOOL_REGISTRY
        $env:THINPOOL_REGISTRY = Join-Path $directory 'registry'
        Push-Location $directory
        try {
            # Stop turns every error, terminating or not, into a failure of this example;
            # Out-String runs the default views too, as the console would.
            $script = [scriptblock]::Create("`$ErrorActionPreference = 'Stop'`n$code")
            { & $script | Out-String } | Should -Not -Throw
        }
        finally {
            Pop-Location
            $env:THINPOOL_REGISTRY = $savedRegistry
        }
    }
}

Describe 'docs/examples/thinpool-autoextend.ps1' {
    BeforeAll {
        $script = Join-Path $root 'docs/examples/thinpool-autoextend.ps1'
        $manifest = Join-Path $root 'ThinPool.psd1'
        $savedRegistry = $env:THINPOOL_REGISTRY
        $env:THINPOOL_REGISTRY = Join-Path $TestDrive 'autoextend-registry'

        # A 1 MiB pool (16 blocks) with 14 blocks written: 87.5% used.
        New-ThinPool -Name full -Path (Join-Path $TestDrive 'full') -DataSize 1MB -Offline | Out-Null
        $image = Join-Path $TestDrive 'image'
        $bytes = [byte[]]::new(896KB)
        [Random]::new(2).NextBytes($bytes)
        [IO.File]::WriteAllBytes($image, $bytes)
        Import-ThinVolume -Pool full -Name v1 -Path $image | Out-Null
        New-ThinPool -Name empty -Path (Join-Path $TestDrive 'empty') -DataSize 1MB -Offline | Out-Null

        & $script -Name full -ThresholdPercent 80 -Step 1MB -ModulePath $manifest | Out-Null
        & $script -Name empty -ThresholdPercent 80 -Step 1MB -ModulePath $manifest | Out-Null
    }

    AfterAll {
        $env:THINPOOL_REGISTRY = $savedRegistry
    }

    It 'grows a pool whose use passed the threshold by the step' {
        (Get-ThinPool -Name full).DataSizeBytes | Should -Be 2MB
    }

    It 'leaves a pool below the threshold alone' {
        (Get-ThinPool -Name empty).DataSizeBytes | Should -Be 1MB
    }
}

Describe 'Build-Help' {
    BeforeAll {
        $builder = Join-Path $root 'build/Build-Help.ps1'
        $page = Get-Content -Raw (Join-Path $root 'docs/New-ThinVolume.md')

        function Invoke-Builder {
            # Builds help from one page written to a fresh docs folder; returns the MAML.
            param([string] $Markdown, [string] $FileName = 'New-ThinVolume.md')

            $docs = Join-Path $TestDrive "docs-$([guid]::NewGuid())"
            $out = Join-Path $docs 'out'
            New-Item -ItemType Directory -Path $docs | Out-Null
            Set-Content -LiteralPath (Join-Path $docs $FileName) -Value $Markdown
            & $builder -DocsPath $docs -OutputPath $out -AboutCopyPath '' 6>&1 | Out-Null
            [xml] (Get-Content -Raw (Join-Path $out 'en-US/ThinPool.dll-Help.xml'))
        }
    }

    Context 'a valid page' {
        BeforeAll {
            $maml = Invoke-Builder $page
            $ns = [System.Xml.XmlNamespaceManager]::new($maml.NameTable)
            $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
            $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
            $size = $maml.SelectSingleNode(
                "//command:parameters/command:parameter[maml:name='Size']", $ns)
        }

        It 'writes one syntax item per parameter set' {
            $maml.SelectNodes('//command:syntaxItem', $ns).Count | Should -Be 2
        }

        It 'keeps the position of a parameter' {
            $size.position | Should -Be '2'
        }

        It 'keeps whether a parameter is required' {
            $size.required | Should -Be 'true'
        }

        It 'writes the examples' {
            $maml.SelectNodes('//command:example', $ns).Count | Should -Be 2
        }
    }

    Context 'a broken page' {
        It 'fails on <Case>, naming the file' -TestCases @(
            @{ Case = 'a missing SYNOPSIS'; Find = '## SYNOPSIS'; Replace = '## SYNOPSYS' }
            @{ Case = 'an unknown yaml key'; Find = 'Accept wildcard characters:'; Replace = 'Wildcards:' }
            @{ Case = 'a parameter without yaml'; Find = '```yaml'; Replace = '```text' }
            @{ Case = 'an example without code'; Find = '```powershell'; Replace = '```output' }
        ) {
            $broken = $page.Replace($Find, $Replace)
            { Invoke-Builder $broken } | Should -Throw '*New-ThinVolume.md*'
        }

        It 'fails when the title does not match the file name' {
            { Invoke-Builder $page -FileName 'New-ThinDisk.md' } | Should -Throw '*does not match*'
        }
    }
}
