BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'Dismount-ThinPool' {
    BeforeEach {
        Initialize-TestRegistry
        $null = New-TestPool -Name tp
    }

    Context 'an inactive pool' {
        It 'leaves it inactive' {
            (Dismount-ThinPool -Name tp -PassThru -Confirm:$false).State | Should -Be 'Inactive'
        }

        It 'takes pools from the pipeline' {
            (Get-ThinPool -Name tp | Dismount-ThinPool -PassThru -Confirm:$false).Name |
                Should -Be 'tp'
        }
    }

    Context 'an unknown pool' {
        It 'fails with ThinPoolNotFound' {
            { Dismount-ThinPool -Name nope -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.DismountThinPoolCommand'
        }
    }
}
