<#
    The live-only parameters of the existing cmdlets where the kernel is missing (the host
    suite): one clear error, nothing changed; and -AutoExtend, which also works offline.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:HasKernel = Test-Path '/dev/mapper/control'
}

Describe 'New-ThinVolume -FileSystem' {
    BeforeEach {
        Initialize-TestRegistry
        $null = New-TestPool -Name tp
    }

    It 'fails with KernelUnavailable without device-mapper' -Skip:$HasKernel {
        { New-ThinVolume -Pool tp -Name v1 -Size 1MB -FileSystem ext4 -ErrorAction Stop } |
            Should -Throw -ErrorId 'KernelUnavailable,ThinPool.Commands.NewThinVolumeCommand'
    }

    It 'creates no volume when it fails' -Skip:$HasKernel {
        New-ThinVolume -Pool tp -Name v1 -Size 1MB -FileSystem ext4 -ErrorAction SilentlyContinue
        Get-ThinVolume -Pool tp | Should -BeNullOrEmpty
    }
}

Describe 'New-ThinPool -DataDevice' {
    BeforeEach {
        Initialize-TestRegistry
    }

    It 'fails with KernelUnavailable without device-mapper' -Skip:$HasKernel {
        { New-ThinPool -Name d -Path (Join-Path $TestRoot 'd') -DataDevice /dev/null `
                -MetadataDevice /dev/null -ErrorAction Stop } |
            Should -Throw -ErrorId 'KernelUnavailable,ThinPool.Commands.NewThinPoolCommand'
    }

    It 'needs -MetadataDevice too' {
        { New-ThinPool -Name d -Path (Join-Path $TestRoot 'd') -DataDevice /dev/null `
                -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSize,ThinPool.Commands.NewThinPoolCommand'
    }
}

Describe 'Remove-ThinVolume -Deferred' {
    BeforeEach {
        Initialize-TestRegistry
        $null = New-TestPool -Name tp
        $null = New-ThinVolume -Pool tp -Name v1 -Size 1MB
    }

    It 'removes a volume of an inactive pool at once' {
        Remove-ThinVolume -Pool tp -Name v1 -Deferred -Confirm:$false
        Get-ThinVolume -Pool tp | Should -BeNullOrEmpty
    }
}

Describe 'Resize-ThinPool -AutoExtend' {
    BeforeEach {
        Initialize-TestRegistry
        $null = New-ThinPool -Name tp -Path (Join-Path $TestRoot 'tp') -DataSize 1MB `
            -MinFreeSpacePercent 0 -Offline
    }

    Context 'use above the threshold' {
        BeforeEach {
            $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{
                0 = 1; 1 = 2; 2 = 3; 3 = 4; 4 = 5; 5 = 6; 6 = 7; 7 = 8; 8 = 9; 9 = 10; 10 = 11
                11 = 12; 12 = 13; 13 = 14
            }
            $null = Import-ThinVolume -Pool tp -Name v1 -Path $image
        }

        It 'grows the data by -ExtendPercent' {
            $pool = Resize-ThinPool -Name tp -AutoExtend -ExtendPercent 50 -PassThru -Confirm:$false
            $pool.DataSizeBytes | Should -Be 1536KB
        }

        It 'stops at -MaximumDataSize' {
            (Resize-ThinPool -Name tp -AutoExtend -ExtendPercent 50 -MaximumDataSize 1280KB `
                    -PassThru -Confirm:$false).DataSizeBytes | Should -Be 1280KB
        }
    }

    Context 'use below the threshold' {
        It 'changes nothing' {
            (Resize-ThinPool -Name tp -AutoExtend -PassThru -Confirm:$false).DataSizeBytes |
                Should -Be 1MB
        }
    }

    Context 'with sizes' {
        It 'fails with AutoExtendWithSize' {
            { Resize-ThinPool -Name tp -AutoExtend -DataSize 2MB -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'AutoExtendWithSize,ThinPool.Commands.ResizeThinPoolCommand'
        }
    }
}
