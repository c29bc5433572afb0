Describe 'Remove-ThinVolume' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp
        $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{ 0 = 1; 1 = 2 }
        Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
    }

    Context 'removing a volume' {
        It 'removes the volume' {
            Remove-ThinVolume -Pool tp -Name v1 -Confirm:$false
            Get-ThinVolume -Pool tp | Should -BeNullOrEmpty
        }

        It 'frees its data blocks' {
            Remove-ThinVolume -Pool tp -Name v1 -Confirm:$false
            (Get-ThinPoolStatus -Name tp).DataUsedBytes | Should -Be 0
        }

        It 'keeps blocks a snapshot still shares' {
            New-ThinSnapshot -Pool tp -Origin v1 -Name s1 | Out-Null
            Remove-ThinVolume -Pool tp -Name v1 -Confirm:$false
            (Get-ThinPoolStatus -Name tp).DataUsedBytes | Should -Be (2 * 64KB)
        }

        It 'removes the device from the metadata' {
            Remove-ThinVolume -Pool tp -Name v1 -Confirm:$false
            Export-ThinPoolMetadata -Name tp | Should -Not -Match '<device '
        }

        It 'takes volumes from the pipeline' {
            New-ThinVolume -Pool tp -Name v2 -Size 16MB | Out-Null
            Get-ThinVolume -Pool tp | Remove-ThinVolume -Confirm:$false
            Get-ThinVolume -Pool tp | Should -BeNullOrEmpty
        }
    }

    Context 'with -WhatIf' {
        It 'removes nothing' {
            Remove-ThinVolume -Pool tp -Name v1 -WhatIf
            (Get-ThinVolume -Pool tp).Name | Should -Be 'v1'
        }
    }

    Context 'errors' {
        It 'reports an unknown volume as ThinVolumeNotFound' {
            { Remove-ThinVolume -Pool tp -Name nosuch -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinVolumeNotFound,ThinPool.Commands.RemoveThinVolumeCommand'
        }

        It 'reports an unknown pool as ThinPoolNotFound' {
            { Remove-ThinVolume -Pool nosuch -Name v1 -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.RemoveThinVolumeCommand'
        }
    }
}
