BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'Dismount-ThinVolume' {
    BeforeEach {
        Initialize-TestRegistry
        $null = New-TestPool -Name tp
        $null = New-ThinVolume -Pool tp -Name v1 -Size 1MB
    }

    Context 'a volume that is not active' {
        It 'leaves it as it is' {
            Dismount-ThinVolume -Pool tp -Name v1 -Confirm:$false
            (Get-ThinVolume -Pool tp -Name v1).Name | Should -Be 'v1'
        }
    }

    Context 'an unknown volume' {
        It 'fails with ThinVolumeNotFound' {
            { Dismount-ThinVolume -Pool tp -Name nope -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinVolumeNotFound,ThinPool.Commands.DismountThinVolumeCommand'
        }
    }
}
