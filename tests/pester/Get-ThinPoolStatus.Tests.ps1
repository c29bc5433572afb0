Describe 'Get-ThinPoolStatus' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp -DataSize 64MB
    }

    Context 'a new pool' {
        It 'returns a ThinPoolStatus' {
            Get-ThinPoolStatus -Name tp | Should -BeOfType ThinPool.Engine.Pool.ThinPoolStatus
        }

        It 'reports the data total in bytes' {
            (Get-ThinPoolStatus -Name tp).DataTotalBytes | Should -Be 64MB
        }

        It 'reports no data used' {
            (Get-ThinPoolStatus -Name tp).DataUsedBytes | Should -Be 0
        }

        It 'reports the metadata total' {
            (Get-ThinPoolStatus -Name tp).MetadataTotalBytes | Should -Be 2MB
        }

        It 'reports some metadata used' {
            (Get-ThinPoolStatus -Name tp).MetadataUsedBytes | Should -BeGreaterThan 0
        }

        It 'reports the block size' {
            (Get-ThinPoolStatus -Name tp).BlockSizeBytes | Should -Be 64KB
        }

        It 'reports transaction id 0' {
            (Get-ThinPoolStatus -Name tp).TransactionId | Should -Be 0
        }

        It 'reports the pool as Healthy' {
            (Get-ThinPoolStatus -Name tp).Health | Should -Be 'Healthy'
        }

        It 'reports mode Offline and state Inactive' {
            $status = Get-ThinPoolStatus -Name tp
            "$($status.Mode) $($status.State)" | Should -Be 'Offline Inactive'
        }

        It 'reports no held metadata root and no need for a check' {
            $status = Get-ThinPoolStatus -Name tp
            "$($status.HeldMetadataRoot)|$($status.NeedsCheck)" | Should -Be '|False'
        }

        It 'limits available space to the filesystem free space' {
            $status = Get-ThinPoolStatus -Name tp
            $status.DataAvailableBytes | Should -Be ([Math]::Min([long] 64MB, [long] $status.FileSystemFreeBytes))
        }

        It 'reports the backing files' {
            (Get-ThinPoolStatus -Name tp).DataFile | Should -Be $pool.DataFile
        }
    }

    Context 'after changes' {
        It 'counts volumes' {
            New-ThinVolume -Pool tp -Name v1 -Size 16MB | Out-Null
            (Get-ThinPoolStatus -Name tp).VolumeCount | Should -Be 1
        }

        It 'advances the transaction id with each name change' {
            New-ThinVolume -Pool tp -Name v1 -Size 16MB | Out-Null
            New-ThinSnapshot -Pool tp -Origin v1 -Name s1 | Out-Null
            (Get-ThinPoolStatus -Name tp).TransactionId | Should -Be 2
        }

        It 'counts the data blocks an import used' {
            $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{ 0 = 1; 5 = 2 }
            Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
            (Get-ThinPoolStatus -Name tp).DataUsedBytes | Should -Be (2 * 64KB)
        }
    }

    Context 'warnings' {
        It 'warns when data use crosses the threshold' {
            $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{ 0 = 1; 1 = 1 }
            Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
            Get-ThinPoolStatus -Name tp -WarningThresholdPercent 0.1 -WarningVariable warnings `
                -WarningAction SilentlyContinue | Out-Null
            $warnings.Count | Should -BeGreaterThan 0
        }

        It 'reports Warning health when use crosses the threshold' {
            $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{ 0 = 1 }
            Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
            (Get-ThinPoolStatus -Name tp -WarningThresholdPercent 0.1 -WarningAction SilentlyContinue).Health |
                Should -Be 'Warning'
        }

        It 'writes no warning below the threshold' {
            Get-ThinPoolStatus -Name tp -WarningVariable warnings | Out-Null
            $warnings.Count | Should -Be 0
        }
    }

    Context 'pipeline' {
        It 'takes pools from Get-ThinPool' {
            (Get-ThinPool -Name tp | Get-ThinPoolStatus).Name | Should -Be 'tp'
        }

        It 'returns every pool when no name is given' {
            New-TestPool -Name tp2 | Out-Null
            (Get-ThinPoolStatus).Name | Should -Be @('tp', 'tp2')
        }
    }

    Context 'errors' {
        It 'reports an unknown pool as ThinPoolNotFound' {
            { Get-ThinPoolStatus -Name nosuch -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.GetThinPoolStatusCommand'
        }

        It 'reports a pool whose directory is gone as ThinPoolNotFound' {
            Remove-Item -Recurse -Force $pool.Path
            { Get-ThinPoolStatus -Name tp -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.GetThinPoolStatusCommand'
        }

        It 'reports an LVM pool where there is no device-mapper as KernelUnavailable' `
            -Skip:(Test-Path /dev/mapper/control) {
            $record = Join-Path $pool.Path 'pool.json'
            (Get-Content -Raw $record) -replace '"mode": "Offline"', '"mode": "Lvm"' | Set-Content $record
            { Get-ThinPoolStatus -Name tp -ErrorAction Stop } |
                Should -Throw -ErrorId 'KernelUnavailable,ThinPool.Commands.GetThinPoolStatusCommand'
        }

        It 'reports damaged metadata as MetadataCorrupt' {
            $stream = [IO.File]::Open($pool.MetadataFile, 'Open', 'ReadWrite')
            try {
                $stream.Write([byte[]]::new(64), 0, 64)
            }
            finally {
                $stream.Dispose()
            }

            { Get-ThinPoolStatus -Name tp -ErrorAction Stop } |
                Should -Throw -ErrorId 'MetadataCorrupt,ThinPool.Commands.GetThinPoolStatusCommand'
        }

        It 'reports a metadata file it may not read as PermissionDenied' -Skip:([Environment]::UserName -eq 'root') {
            chmod 000 $pool.MetadataFile
            try {
                { Get-ThinPoolStatus -Name tp -ErrorAction Stop } |
                    Should -Throw -ErrorId 'PermissionDenied,ThinPool.Commands.GetThinPoolStatusCommand'
            }
            finally {
                chmod 600 $pool.MetadataFile
            }
        }

        It 'reports a locked pool as ThinPoolLocked' {
            $lock = [IO.File]::Open((Join-Path $pool.Path '.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
            try {
                { Get-ThinPoolStatus -Name tp -ErrorAction Stop } |
                    Should -Throw -ErrorId 'ThinPoolLocked,ThinPool.Commands.GetThinPoolStatusCommand'
            }
            finally {
                $lock.Dispose()
            }
        }
    }
}
