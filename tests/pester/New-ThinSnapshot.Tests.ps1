Describe 'New-ThinSnapshot' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp -DataSize 64MB
        $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{ 0 = 1; 3 = 2 }
        Import-ThinVolume -Pool tp -Name origin -Path $image | Out-Null
    }

    Context 'snapshotting a volume' {
        It 'returns a ThinVolumeInfo that names its origin' {
            (New-ThinSnapshot -Pool tp -Origin origin -Name s1).Origin | Should -Be 'origin'
        }

        It 'gives the snapshot the origin size' {
            (New-ThinSnapshot -Pool tp -Origin origin -Name s1).SizeBytes | Should -Be 1MB
        }

        It 'shares the origin blocks instead of copying them' {
            New-ThinSnapshot -Pool tp -Origin origin -Name s1 | Out-Null
            (Get-ThinPoolStatus -Name tp).DataUsedBytes | Should -Be (2 * 64KB)
        }

        It 'holds the same data as the origin' {
            New-ThinSnapshot -Pool tp -Origin origin -Name s1 | Out-Null
            Export-ThinVolume -Pool tp -Name s1 -Path (Join-Path $TestRoot 's1.raw') | Out-Null
            Get-FileHashText (Join-Path $TestRoot 's1.raw') | Should -Be (Get-FileHashText $image)
        }

        It 'takes the origin from the pipeline' {
            (Get-ThinVolume -Pool tp -Name origin | New-ThinSnapshot -Name s1).Origin | Should -Be 'origin'
        }

        It 'marks a -ReadOnly snapshot read-only' {
            (New-ThinSnapshot -Pool tp -Origin origin -Name s1 -ReadOnly).ReadOnly | Should -BeTrue
        }
    }

    Context 'with -WhatIf' {
        It 'creates no snapshot' {
            New-ThinSnapshot -Pool tp -Origin origin -Name s1 -WhatIf
            (Get-ThinVolume -Pool tp).Name | Should -Be 'origin'
        }
    }

    Context 'errors' {
        It 'refuses an unknown origin' {
            { New-ThinSnapshot -Pool tp -Origin nosuch -Name s1 -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinVolumeNotFound,ThinPool.Commands.NewThinSnapshotCommand'
        }

        It 'refuses a name already in use' {
            { New-ThinSnapshot -Pool tp -Origin origin -Name origin -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinVolumeExists,ThinPool.Commands.NewThinSnapshotCommand'
        }

        It 'refuses an invalid name' {
            { New-ThinSnapshot -Pool tp -Origin origin -Name 'a/b' -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidName,ThinPool.Commands.NewThinSnapshotCommand'
        }

        It 'refuses an unknown pool' {
            { New-ThinSnapshot -Pool nosuch -Origin origin -Name s1 -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.NewThinSnapshotCommand'
        }

        It 'refuses when free space is below the minimum' {
            New-TestPool -Name full -DataSize 1MB -MinFreeSpacePercent 50 | Out-Null
            $nineBlocks = @{}
            0..8 | ForEach-Object { $nineBlocks[$_] = 1 }
            $big = New-TestImage -Path (Join-Path $TestRoot 'big') -Size 1MB -Fill $nineBlocks
            Import-ThinVolume -Pool full -Name v1 -Path $big | Out-Null
            { New-ThinSnapshot -Pool full -Origin v1 -Name s1 -ErrorAction Stop } |
                Should -Throw -ErrorId 'MinFreeSpaceReached,ThinPool.Commands.NewThinSnapshotCommand'
        }
    }
}
