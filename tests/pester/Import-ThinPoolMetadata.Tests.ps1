Describe 'Import-ThinPoolMetadata' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp
        $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{ 0 = 1; 15 = 2 }
        Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
        $xml = Join-Path $TestRoot 'meta.xml'
        Export-ThinPoolMetadata -Name tp -Path $xml | Out-Null
    }

    Context 'restoring a dump' {
        It 'brings back a removed volume under its device name' {
            Remove-ThinVolume -Pool tp -Name v1 -Confirm:$false
            Import-ThinPoolMetadata -Name tp -Path $xml -Confirm:$false
            (Get-ThinVolume -Pool tp).Name | Should -Be 'device1'
        }

        It 'brings back the volume data' {
            Remove-ThinVolume -Pool tp -Name v1 -Confirm:$false
            Import-ThinPoolMetadata -Name tp -Path $xml -Confirm:$false
            Export-ThinVolume -Pool tp -Name device1 -Path (Join-Path $TestRoot 'out') | Out-Null
            Get-FileHashText (Join-Path $TestRoot 'out') | Should -Be (Get-FileHashText $image)
        }

        It 'keeps the names of volumes that survive' {
            Import-ThinPoolMetadata -Name tp -Path $xml -Confirm:$false
            (Get-ThinVolume -Pool tp).Name | Should -Be 'v1'
        }

        It 'leaves a pool that passes the check' {
            Import-ThinPoolMetadata -Name tp -Path $xml -Confirm:$false
            (Test-ThinPool -Name tp).IsClean | Should -BeTrue
        }

        It 'repairs a pool whose metadata was destroyed' {
            $stream = [IO.File]::Open($pool.MetadataFile, 'Open', 'ReadWrite')
            try {
                $stream.Write([byte[]]::new(4096), 0, 4096)
            }
            finally {
                $stream.Dispose()
            }

            Import-ThinPoolMetadata -Name tp -Path $xml -Confirm:$false
            Export-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'out') | Out-Null
            Get-FileHashText (Join-Path $TestRoot 'out') | Should -Be (Get-FileHashText $image)
        }

        It 'returns the pool with -PassThru' {
            (Import-ThinPoolMetadata -Name tp -Path $xml -Confirm:$false -PassThru).Name | Should -Be 'tp'
        }
    }

    Context 'with -WhatIf' {
        It 'leaves the pool files unchanged' {
            Remove-ThinVolume -Pool tp -Name v1 -Confirm:$false
            $before = Get-PoolFileState $pool.Path
            Import-ThinPoolMetadata -Name tp -Path $xml -WhatIf
            Get-PoolFileState $pool.Path | Should -Be $before
        }
    }

    Context 'errors' {
        It 'reports a missing file as FileNotFound' {
            $missing = Join-Path $TestRoot 'nosuch.xml'
            { Import-ThinPoolMetadata -Name tp -Path $missing -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'FileNotFound,ThinPool.Commands.ImportThinPoolMetadataCommand'
        }

        It 'refuses a dump with another block size' {
            (Get-Content -Raw $xml) -replace 'data_block_size="128"', 'data_block_size="256"' |
                Set-Content $xml
            { Import-ThinPoolMetadata -Name tp -Path $xml -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'MetadataMismatch,ThinPool.Commands.ImportThinPoolMetadataCommand'
        }

        It 'changes nothing when it refuses' {
            (Get-Content -Raw $xml) -replace 'data_block_size="128"', 'data_block_size="256"' |
                Set-Content $xml
            $before = Get-PoolFileState $pool.Path
            Import-ThinPoolMetadata -Name tp -Path $xml -Confirm:$false -ErrorAction SilentlyContinue
            Get-PoolFileState $pool.Path | Should -Be $before
        }

        It 'reports a malformed document as InvalidMetadataXml' {
            Set-Content -Path $xml -Value '<superblock'
            { Import-ThinPoolMetadata -Name tp -Path $xml -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidMetadataXml,ThinPool.Commands.ImportThinPoolMetadataCommand'
        }
    }
}
