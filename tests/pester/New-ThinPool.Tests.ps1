Describe 'New-ThinPool' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $dir = Join-Path $TestRoot 'tp'
    }

    Context 'creating a pool' {
        It 'returns a ThinPoolInfo named after the pool' {
            $pool = New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline
            $pool | Should -BeOfType ThinPool.Engine.Pool.ThinPoolInfo
        }

        It 'reports the data size in whole blocks' {
            $pool = New-ThinPool -Name tp -Path $dir -DataSize (64MB + 1000) -Offline
            $pool.DataSizeBytes | Should -Be 64MB
        }

        It 'creates the data and metadata files readable by the owner only' {
            $pool = New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline
            $modes = (Get-Item $pool.DataFile, $pool.MetadataFile).UnixFileMode |
                ForEach-Object { [Convert]::ToString([int] $_, 8) }
            $modes | Should -Be @('600', '600')
        }

        It 'creates a sparse data file' {
            $pool = New-ThinPool -Name tp -Path $dir -DataSize 1GB -Offline
            [long] (& du -B1 $pool.DataFile).Split("`t")[0] | Should -BeLessThan 1MB
        }

        It 'sizes the metadata at 48 bytes per data block, at least 2 MiB' -TestCases @(
            @{ DataSize = 64MB; BlockSize = 64KB; Expected = 2MB }
            @{ DataSize = 10GB; BlockSize = 64KB; Expected = 7864320 }
            @{ DataSize = 10GB; BlockSize = 1MB; Expected = 2MB }
        ) {
            param($DataSize, $BlockSize, $Expected)
            $pool = New-ThinPool -Name tp -Path $dir -DataSize $DataSize -BlockSize $BlockSize -Offline
            $pool.MetadataSizeBytes | Should -Be $Expected
        }

        It 'uses an explicit metadata size' {
            $pool = New-ThinPool -Name tp -Path $dir -DataSize 64MB -MetadataSize 4MB -Offline
            $pool.MetadataSizeBytes | Should -Be 4MB
        }

        It 'registers the pool so Get-ThinPool finds it' {
            New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline | Out-Null
            (Get-ThinPool -Name tp).Path | Should -Be $dir
        }

        It 'writes a pool.json that names the pool' {
            New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline | Out-Null
            (Get-Content -Raw (Join-Path $dir 'pool.json') | ConvertFrom-Json).name | Should -Be 'tp'
        }

        It 'creates an offline pool where the kernel backend is not available' {
            (New-ThinPool -Name tp -Path $dir -DataSize 64MB).Mode | Should -Be 'Offline'
        }

        It 'records the pool settings' {
            $pool = New-ThinPool -Name tp -Path $dir -DataSize 64MB -LowWaterMark 7 -WhenFull Error -Offline
            "$($pool.LowWaterMarkBlocks) $($pool.WhenFull)" | Should -Be '7 Error'
        }

        It 'narrates the change with -Verbose' {
            $verbose = New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $verbose.Count | Should -BeGreaterThan 0
        }

        It 'replaces an existing pool with -Force' {
            New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline | Out-Null
            $pool = New-ThinPool -Name tp -Path $dir -DataSize 128MB -Offline -Force
            $pool.DataSizeBytes | Should -Be 128MB
        }
    }

    Context 'refusing bad requests' {
        It 'refuses block size <BlockSize>' -TestCases @(
            @{ BlockSize = 1000 }
            @{ BlockSize = 32KB }
            @{ BlockSize = 96KB }
            @{ BlockSize = 2GB }
        ) {
            param($BlockSize)
            { New-ThinPool -Name tp -Path $dir -DataSize 64MB -BlockSize $BlockSize -Offline -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidBlockSize,ThinPool.Commands.NewThinPoolCommand'
        }

        It 'refuses the name <Name>' -TestCases @(
            @{ Name = 'a/b' }
            @{ Name = "a`tb" }
            @{ Name = '..' }
            @{ Name = ('x' * 128) }
        ) {
            param($Name)
            { New-ThinPool -Name $Name -Path $dir -DataSize 64MB -Offline -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidName,ThinPool.Commands.NewThinPoolCommand'
        }

        It 'refuses a name that is already a pool' {
            New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline | Out-Null
            { New-ThinPool -Name tp -Path (Join-Path $TestRoot 'other') -DataSize 64MB -Offline -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolExists,ThinPool.Commands.NewThinPoolCommand'
        }

        It 'refuses a directory that already holds a pool' {
            New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline | Out-Null
            { New-ThinPool -Name tp2 -Path $dir -DataSize 64MB -Offline -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolExists,ThinPool.Commands.NewThinPoolCommand'
        }

        It 'refuses to overwrite a non-empty data file' {
            New-Item -ItemType Directory $dir | Out-Null
            Set-Content -Path (Join-Path $dir 'data') -Value 'precious'
            { New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolFilesNotEmpty,ThinPool.Commands.NewThinPoolCommand'
        }

        It 'leaves a refused non-empty file as it was' {
            New-Item -ItemType Directory $dir | Out-Null
            Set-Content -Path (Join-Path $dir 'data') -Value 'precious'
            New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline -ErrorAction SilentlyContinue
            Get-Content (Join-Path $dir 'data') | Should -Be 'precious'
        }

        It 'refuses metadata beyond the format maximum' {
            { New-ThinPool -Name tp -Path $dir -DataSize 64MB -MetadataSize 17GB -Offline -ErrorAction Stop } |
                Should -Throw -ErrorId 'MetadataTooLarge,ThinPool.Commands.NewThinPoolCommand'
        }

        It 'refuses a data size smaller than one block' {
            { New-ThinPool -Name tp -Path $dir -DataSize 4KB -Offline -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidSize,ThinPool.Commands.NewThinPoolCommand'
        }

        It 'creates nothing when it refuses' {
            New-ThinPool -Name tp -Path $dir -DataSize 64MB -BlockSize 1000 -Offline -ErrorAction SilentlyContinue
            Test-Path $dir | Should -BeFalse
        }
    }

    Context 'with -WhatIf' {
        It 'creates no files' {
            New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline -WhatIf
            Test-Path $dir | Should -BeFalse
        }

        It 'registers nothing' {
            New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline -WhatIf
            Get-ThinPool | Should -BeNullOrEmpty
        }
    }
}
