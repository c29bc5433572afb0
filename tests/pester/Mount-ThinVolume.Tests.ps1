BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:HasKernel = Test-Path '/dev/mapper/control'
}

Describe 'Mount-ThinVolume' {
    BeforeEach {
        Initialize-TestRegistry
        $null = New-TestPool -Name tp
        $null = New-ThinVolume -Pool tp -Name v1 -Size 1MB
    }

    Context 'without device-mapper' {
        It 'fails with KernelUnavailable' -Skip:$HasKernel {
            { Mount-ThinVolume -Pool tp -Name v1 -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'KernelUnavailable,ThinPool.Commands.MountThinVolumeCommand'
        }
    }

    Context 'an inactive volume' {
        It 'is listed as not mounted' {
            (Get-ThinVolume -Pool tp -Name v1).IsMounted | Should -BeFalse
        }

        It 'has no device path' {
            (Get-ThinVolume -Pool tp -Name v1).DevicePath | Should -BeNullOrEmpty
        }
    }
}
