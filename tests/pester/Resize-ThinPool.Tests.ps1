Describe 'Resize-ThinPool' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp -DataSize 64MB
    }

    Context 'growing' {
        It 'grows the data space' {
            Resize-ThinPool -Name tp -DataSize 128MB
            (Get-ThinPoolStatus -Name tp).DataTotalBytes | Should -Be 128MB
        }

        It 'grows the data file' {
            Resize-ThinPool -Name tp -DataSize 128MB
            (Get-Item $pool.DataFile).Length | Should -Be 128MB
        }

        It 'grows the metadata space' {
            Resize-ThinPool -Name tp -MetadataSize 4MB
            (Get-ThinPoolStatus -Name tp).MetadataTotalBytes | Should -Be 4MB
        }

        It 'returns the pool with -PassThru' {
            (Resize-ThinPool -Name tp -DataSize 128MB -PassThru).DataSizeBytes | Should -Be 128MB
        }

        It 'returns nothing without -PassThru' {
            Resize-ThinPool -Name tp -DataSize 128MB | Should -BeNullOrEmpty
        }

        It 'takes the pool from the pipeline' {
            Get-ThinPool -Name tp | Resize-ThinPool -DataSize 128MB
            (Get-ThinPool -Name tp).DataSizeBytes | Should -Be 128MB
        }

        It 'keeps volume data' {
            $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{ 1 = 7 }
            Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
            Resize-ThinPool -Name tp -DataSize 128MB -MetadataSize 4MB
            Export-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'out') | Out-Null
            Get-FileHashText (Join-Path $TestRoot 'out') | Should -Be (Get-FileHashText $image)
        }
    }

    Context 'with -WhatIf' {
        It 'leaves the pool files unchanged' {
            $before = Get-PoolFileState $pool.Path
            Resize-ThinPool -Name tp -DataSize 128MB -WhatIf
            Get-PoolFileState $pool.Path | Should -Be $before
        }
    }

    Context 'errors' {
        It 'refuses a smaller data size' {
            { Resize-ThinPool -Name tp -DataSize 32MB -ErrorAction Stop } |
                Should -Throw -ErrorId 'ShrinkNotSupported,ThinPool.Commands.ResizeThinPoolCommand'
        }

        It 'refuses a smaller metadata size' {
            { Resize-ThinPool -Name tp -MetadataSize 1MB -ErrorAction Stop } |
                Should -Throw -ErrorId 'ShrinkNotSupported,ThinPool.Commands.ResizeThinPoolCommand'
        }

        It 'changes nothing when it refuses' {
            $before = Get-PoolFileState $pool.Path
            Resize-ThinPool -Name tp -DataSize 128MB -MetadataSize 1MB -ErrorAction SilentlyContinue
            Get-PoolFileState $pool.Path | Should -Be $before
        }

        It 'refuses metadata beyond the format maximum' {
            { Resize-ThinPool -Name tp -MetadataSize 17GB -ErrorAction Stop } |
                Should -Throw -ErrorId 'MetadataTooLarge,ThinPool.Commands.ResizeThinPoolCommand'
        }

        It 'asks for a size when none is given' {
            { Resize-ThinPool -Name tp -ErrorAction Stop } |
                Should -Throw -ErrorId 'SizeRequired,ThinPool.Commands.ResizeThinPoolCommand'
        }

        It 'reports an unknown pool as ThinPoolNotFound' {
            { Resize-ThinPool -Name nosuch -DataSize 1GB -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.ResizeThinPoolCommand'
        }
    }
}
