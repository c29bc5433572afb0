Describe 'New-ThinVolume' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp -DataSize 64MB
    }

    Context 'creating a volume' {
        It 'returns a ThinVolumeInfo' {
            New-ThinVolume -Pool tp -Name v1 -Size 1GB | Should -BeOfType ThinPool.Engine.Pool.ThinVolumeInfo
        }

        It 'records the virtual size, larger than the pool' {
            (New-ThinVolume -Pool tp -Name v1 -Size 1GB).SizeBytes | Should -Be 1GB
        }

        It 'maps no data' {
            (New-ThinVolume -Pool tp -Name v1 -Size 1GB).MappedBytes | Should -Be 0
        }

        It 'gives each volume its own device id' {
            $a = New-ThinVolume -Pool tp -Name v1 -Size 1GB
            $b = New-ThinVolume -Pool tp -Name v2 -Size 1GB
            $a.DeviceId | Should -Not -Be $b.DeviceId
        }

        It 'names the device-mapper device pool-volume' {
            (New-ThinVolume -Pool tp -Name v1 -Size 1GB).DeviceMapperName | Should -Be 'tp-v1'
        }

        It 'takes the pool from the pipeline' {
            (Get-ThinPool -Name tp | New-ThinVolume -Name v1 -Size 1GB).Pool | Should -Be 'tp'
        }

        It 'creates the device in the metadata' {
            New-ThinVolume -Pool tp -Name v1 -Size 1GB | Out-Null
            (Export-ThinPoolMetadata -Name tp) | Should -Match '<device dev_id="1"'
        }
    }

    Context 'with -WhatIf' {
        It 'creates no volume' {
            New-ThinVolume -Pool tp -Name v1 -Size 1GB -WhatIf
            Get-ThinVolume -Pool tp | Should -BeNullOrEmpty
        }

        It 'leaves the pool files unchanged' {
            $before = Get-PoolFileState $pool.Path
            New-ThinVolume -Pool tp -Name v1 -Size 1GB -WhatIf
            Get-PoolFileState $pool.Path | Should -Be $before
        }
    }

    Context 'errors' {
        It 'refuses a name already in use' {
            New-ThinVolume -Pool tp -Name v1 -Size 1GB | Out-Null
            { New-ThinVolume -Pool tp -Name v1 -Size 1GB -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinVolumeExists,ThinPool.Commands.NewThinVolumeCommand'
        }

        It 'refuses an unknown pool' {
            { New-ThinVolume -Pool nosuch -Name v1 -Size 1GB -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.NewThinVolumeCommand'
        }

        It 'refuses the size <Size>' -TestCases @(
            @{ Size = 0 }
            @{ Size = -512 }
            @{ Size = 1000 }
        ) {
            param($Size)
            { New-ThinVolume -Pool tp -Name v1 -Size $Size -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidSize,ThinPool.Commands.NewThinVolumeCommand'
        }

        It 'refuses a name whose device-mapper name is too long' {
            { New-ThinVolume -Pool tp -Name ('v' * 125) -Size 1GB -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidName,ThinPool.Commands.NewThinVolumeCommand'
        }

        It 'refuses when free space is below the minimum' {
            $full = New-TestPool -Name full -DataSize 1MB -MinFreeSpacePercent 50
            $nineBlocks = @{}
            0..8 | ForEach-Object { $nineBlocks[$_] = 1 }
            $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill $nineBlocks
            Import-ThinVolume -Pool full -Name v1 -Path $image | Out-Null
            { New-ThinVolume -Pool full -Name v2 -Size 1GB -ErrorAction Stop } |
                Should -Throw -ErrorId 'MinFreeSpaceReached,ThinPool.Commands.NewThinVolumeCommand'
        }

        It 'refuses a locked pool' {
            $lock = [IO.File]::Open((Join-Path $pool.Path '.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
            try {
                { New-ThinVolume -Pool tp -Name v1 -Size 1GB -ErrorAction Stop } |
                    Should -Throw -ErrorId 'ThinPoolLocked,ThinPool.Commands.NewThinVolumeCommand'
            }
            finally {
                $lock.Dispose()
            }
        }

        It 'changes nothing on disk when refused' {
            New-ThinVolume -Pool tp -Name v1 -Size 1GB | Out-Null
            $before = Get-PoolFileState $pool.Path
            New-ThinVolume -Pool tp -Name v1 -Size 1GB -ErrorAction SilentlyContinue
            Get-PoolFileState $pool.Path | Should -Be $before
        }
    }
}
