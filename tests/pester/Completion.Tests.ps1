<#
    Tab completion of pool and volume names: the completers on their own, then through
    TabExpansion2 as the console calls them. Each test has its own registry in TestDrive.
#>

BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $root 'ThinPool.psd1') -Force
    $savedRegistry = $env:THINPOOL_REGISTRY

    function Get-Completion {
        # The completion texts TabExpansion2 offers at the end of a command line.
        param([string] $Line)

        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }
}

AfterAll {
    $env:THINPOOL_REGISTRY = $savedRegistry
}

Describe 'PoolNameCompleter' {
    BeforeEach {
        $env:THINPOOL_REGISTRY = Join-Path $TestDrive "registry-$([guid]::NewGuid())"
        $registry = [ThinPool.Engine.Pool.PoolRegistry]::new($env:THINPOOL_REGISTRY)
        foreach ($name in 'alpha', 'beta', 'alpine', 'with space') {
            $registry.Register($name, (Join-Path $TestDrive $name))
        }

        $completer = [ThinPool.Commands.Completion.PoolNameCompleter]::new()
    }

    It 'offers the registered pools that start with the typed text' {
        $result = $completer.CompleteArgument('Get-ThinPool', 'Name', 'al', $null, @{})
        $result.CompletionText | Should -Be @('alpha', 'alpine')
    }

    It 'offers every pool for an empty word' {
        $result = $completer.CompleteArgument('Get-ThinPool', 'Name', '', $null, @{})
        $result.ListItemText | Should -Be @('alpha', 'alpine', 'beta', 'with space')
    }

    It 'quotes a name that holds a space' {
        $result = $completer.CompleteArgument('Get-ThinPool', 'Name', 'with', $null, @{})
        $result.CompletionText | Should -Be "'with space'"
    }

    It 'offers nothing when the registry does not exist' {
        $env:THINPOOL_REGISTRY = Join-Path $TestDrive 'missing'
        $completer.CompleteArgument('Get-ThinPool', 'Name', '', $null, @{}) | Should -BeNullOrEmpty
    }
}

Describe 'VolumeNameCompleter' {
    BeforeAll {
        $env:THINPOOL_REGISTRY = Join-Path $TestDrive 'registry-volumes'
        New-ThinPool -Name tp0 -Path (Join-Path $TestDrive 'tp0') -DataSize 64MB -Offline |
            Out-Null
        New-ThinVolume -Pool tp0 -Name data1 -Size 1GB | Out-Null
        New-ThinVolume -Pool tp0 -Name data2 -Size 1GB | Out-Null
        New-ThinSnapshot -Pool tp0 -Origin data1 -Name logs | Out-Null
        $completer = [ThinPool.Commands.Completion.VolumeNameCompleter]::new()
    }

    It 'offers the volumes of the bound pool that start with the typed text' {
        $result = $completer.CompleteArgument('Remove-ThinVolume', 'Name', 'da', $null, @{ Pool = 'tp0' })
        $result.CompletionText | Should -Be @('data1', 'data2')
    }

    It 'marks a snapshot with its origin' {
        $result = $completer.CompleteArgument('Remove-ThinVolume', 'Name', 'lo', $null, @{ Pool = 'tp0' })
        $result.ToolTip | Should -BeLike "snapshot of 'data1'*"
    }

    It 'reads a pool given as a one-element array' {
        $bound = @{ Pool = [string[]] @('tp0') }
        $result = $completer.CompleteArgument('Get-ThinVolume', 'Name', '', $null, $bound)
        @($result).Count | Should -Be 3
    }

    It 'offers nothing before a pool is given' {
        $completer.CompleteArgument('Remove-ThinVolume', 'Name', '', $null, @{}) | Should -BeNullOrEmpty
    }

    It 'offers nothing for a pool that does not exist' {
        $completer.CompleteArgument('Remove-ThinVolume', 'Name', '', $null, @{ Pool = 'nope' }) |
            Should -BeNullOrEmpty
    }
}

Describe 'Completion in the console' {
    BeforeAll {
        $env:THINPOOL_REGISTRY = Join-Path $TestDrive 'registry-console'
        New-ThinPool -Name tp0 -Path (Join-Path $TestDrive 'console-tp0') -DataSize 64MB -Offline |
            Out-Null
        New-ThinVolume -Pool tp0 -Name disk1 -Size 1GB | Out-Null
    }

    It 'completes <Line>' -TestCases @(
        @{ Line = 'Get-ThinPool -Name t'; Expected = 'tp0' }
        @{ Line = 'Get-ThinPoolStatus t'; Expected = 'tp0' }
        @{ Line = 'New-ThinVolume -Pool t'; Expected = 'tp0' }
        @{ Line = 'Remove-ThinVolume -Pool tp0 -Name d'; Expected = 'disk1' }
        @{ Line = 'New-ThinSnapshot -Pool tp0 -Origin d'; Expected = 'disk1' }
        @{ Line = 'Export-ThinVolume -Pool tp0 -Name d'; Expected = 'disk1' }
        @{ Line = 'Get-ThinVolume -Pool tp0 -Name d'; Expected = 'disk1' }
    ) {
        Get-Completion $Line | Should -Be $Expected
    }
}

Describe 'Completer coverage' {
    BeforeDiscovery {
        Import-Module (Join-Path $PSScriptRoot '../../ThinPool.psd1') -Force

        # Parameters that name an existing pool or volume, and so should complete one.
        $script:coverageCases = foreach ($command in Get-Command -Module ThinPool -CommandType Cmdlet) {
            foreach ($parameter in $command.Parameters.Values) {
                $kind = switch ($parameter.Name) {
                    'Pool' { 'PoolNameCompleter' }
                    'Origin' { 'VolumeNameCompleter' }
                    'Name' {
                        if ($command.Verb -eq 'New') { $null }
                        elseif ($command.Noun -like 'ThinVolume*') { 'VolumeNameCompleter' }
                        else { 'PoolNameCompleter' }
                    }
                }

                if ($kind) {
                    @{ Command = $command.Name; Parameter = $parameter.Name; Completer = $kind }
                }
            }
        }
    }

    It 'covers some parameters' {
        @($coverageCases).Count | Should -BeGreaterThan 0
    }

    It '<Command> -<Parameter> completes with <Completer>' -ForEach $coverageCases {
        $attribute = (Get-Command $Command).Parameters[$Parameter].Attributes |
            Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }
        $attribute.Type.Name | Should -Be $Completer
    }
}
