BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:HasKernel = Test-Path '/dev/mapper/control'
}

Describe 'Mount-ThinPool' {
    BeforeEach {
        Initialize-TestRegistry
        $null = New-TestPool -Name tp
    }

    Context 'without device-mapper' {
        It 'fails with KernelUnavailable' -Skip:$HasKernel {
            { Mount-ThinPool -Name tp -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'KernelUnavailable,ThinPool.Commands.MountThinPoolCommand'
        }

        It 'says what is missing and points at -Offline' -Skip:$HasKernel {
            Mount-ThinPool -Name tp -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e
            "$($e[0])" | Should -Match '-Offline'
        }

        It 'leaves the pool inactive' -Skip:$HasKernel {
            Mount-ThinPool -Name tp -Confirm:$false -ErrorAction SilentlyContinue
            (Get-ThinPool -Name tp).State | Should -Be 'Inactive'
        }
    }

    Context 'an unknown pool' {
        It 'fails with ThinPoolNotFound' {
            { Mount-ThinPool -Name nope -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.MountThinPoolCommand'
        }
    }

    Context '-WhatIf' {
        It 'changes nothing' {
            Mount-ThinPool -Name tp -WhatIf
            (Get-ThinPool -Name tp).Mode | Should -Be 'Offline'
        }
    }
}
