<#
    The promises every exported cmdlet keeps, checked over whatever the module exports so a new
    cmdlet is held to them without anyone adding a test: typed output, -WhatIf/-Confirm where
    state changes, complete help, and a docs page that matches the real parameters.
#>

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $root 'ThinPool.psd1') -Force
    $script:cmdletCases = @(Get-Command -Module ThinPool -CommandType Cmdlet | Sort-Object Name |
        ForEach-Object { @{ Name = $_.Name; Verb = $_.Verb } })
}

BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $root 'ThinPool.psd1') -Force
    . (Join-Path $root 'build/Maml/Read-CommandMarkdown.ps1')

    # Verbs whose cmdlets change a pool, a volume or a file, and so must honour -WhatIf.
    $script:changingVerbs = @('New', 'Remove', 'Set', 'Resize', 'Import', 'Export', 'Mount',
        'Dismount', 'Add', 'Clear', 'Rename', 'Repair', 'Restore', 'Update', 'Initialize',
        'Move', 'Copy', 'Reset', 'Enable', 'Disable', 'Start', 'Stop')

    function Get-OwnParameter {
        # The cmdlet's parameters less the common ones; -WhatIf and -Confirm stay, since a
        # page documents them.
        param([string] $Name)

        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        (Get-Command $Name).Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object
    }

    function Get-HelpText {
        param($Description)

        (@($Description) | ForEach-Object { $_.Text }) -join ' '
    }
}

Describe 'ThinPool module' {
    It 'exports cmdlets to hold to the contract' {
        @(Get-Command -Module ThinPool -CommandType Cmdlet).Count | Should -BeGreaterThan 0
    }
}

Describe '<Name>' -ForEach $cmdletCases {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        $page = Join-Path $root "docs/$Name.md"
        $doc = if (Test-Path $page) { Read-CommandMarkdown -Path $page }
    }

    Context 'declaration' {
        It 'declares its output type' {
            $command.OutputType.Count | Should -BeGreaterThan 0
        }

        It 'supports -WhatIf and -Confirm when its verb changes state' {
            if ($changingVerbs -notcontains $Verb) {
                Set-ItResult -Skipped -Because "'$Verb' does not change state"
                return
            }

            $command.Parameters.Keys | Should -Contain 'WhatIf'
        }
    }

    Context 'help' {
        It 'has a synopsis written for it' {
            # Without a MAML entry Get-Help makes the synopsis from the syntax line.
            $written = $help.Synopsis -and $help.Synopsis -notlike '*CommonParameters*'
            $written | Should -BeTrue
        }

        It 'has a description' {
            Get-HelpText $help.description | Should -Not -BeNullOrEmpty
        }

        It 'describes every parameter' {
            $undescribed = Get-OwnParameter $Name | Where-Object {
                $p = $help.parameters.parameter | Where-Object name -EQ $_
                -not $p -or -not (Get-HelpText $p.description)
            }
            $undescribed | Should -BeNullOrEmpty
        }

        It 'has at least one example' {
            @($help.examples.example).Count | Should -BeGreaterThan 0
        }
    }

    Context 'docs page' {
        It 'exists as docs/<Name>.md' {
            $page | Should -Exist
        }

        It 'has no unfinished {{ Fill in }} markers' {
            # build/Maml/New-CommandMarkdown.ps1 leaves them where prose is missing.
            Get-Content -Raw $page | Should -Not -Match '\{\{ Fill in'
        }

        It 'lists exactly its parameters' {
            $documented = @($doc.Parameters.Name | Sort-Object)
            $documented | Should -Be @(Get-OwnParameter $Name)
        }

        It 'gives each parameter its real type, position, and whether it is required' {
            $wrong = foreach ($p in $doc.Parameters) {
                $actual = $command.Parameters[$p.Name]
                if (-not $actual) {
                    continue
                }

                $attributes = @($actual.Attributes |
                    Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
                $variant = $p.Variants[0]
                $required = [bool] ($attributes | Where-Object Mandatory)
                $positions = @($attributes | Where-Object Position -GE 0 | ForEach-Object Position)
                $position = if ($positions.Count) { [string] $positions[0] } else { 'Named' }
                $type = $actual.ParameterType
                if ($variant.Type -notin $type.Name, $type.FullName) {
                    "-$($p.Name) type $($variant.Type), real $($type.Name)"
                }

                if ([bool] ($p.Variants | Where-Object Required) -ne $required) {
                    "-$($p.Name) required $(-not $required), real $required"
                }

                if ($variant.Position -ne $position) {
                    "-$($p.Name) position $($variant.Position), real $position"
                }
            }
            $wrong | Should -BeNullOrEmpty
        }

        It 'names each declared output type under OUTPUTS' {
            # [OutputType(typeof(void))] is written 'None', as Get-Help users expect.
            $declared = @($command.OutputType.Type | ForEach-Object {
                    if ($_ -eq [void]) { 'None' } else { $_.FullName }
                })
            $missing = $declared | Where-Object { $doc.Outputs.Name -notcontains $_ }
            $missing | Should -BeNullOrEmpty
        }

        It 'says how each parameter takes pipeline input' {
            $wrong = foreach ($p in $doc.Parameters) {
                $actual = $command.Parameters[$p.Name]
                if (-not $actual) {
                    continue
                }

                $attributes = @($actual.Attributes |
                    Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
                $byValue = [bool] ($attributes | Where-Object ValueFromPipeline)
                $byName = [bool] ($attributes | Where-Object ValueFromPipelineByPropertyName)
                $text = $p.Variants[0].PipelineInput
                if (($text -match 'ByValue') -ne $byValue -or ($text -match 'ByPropertyName') -ne $byName) {
                    "-$($p.Name) '$text', real ByValue=$byValue ByPropertyName=$byName"
                }
            }
            $wrong | Should -BeNullOrEmpty
        }
    }
}
