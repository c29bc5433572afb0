Describe 'Export-ThinPoolMetadata' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp
        New-ThinVolume -Pool tp -Name v1 -Size 16MB | Out-Null
        $xml = Join-Path $TestRoot 'meta.xml'
    }

    Context 'exporting' {
        It 'writes the XML to the pipeline without -Path' {
            ([xml] (Export-ThinPoolMetadata -Name tp)).superblock.device.dev_id | Should -Be '1'
        }

        It 'writes the XML to a file with -Path' {
            Export-ThinPoolMetadata -Name tp -Path $xml | Out-Null
            ([xml] (Get-Content -Raw $xml)).superblock.transaction | Should -Be '1'
        }

        It 'returns the file it wrote' {
            (Export-ThinPoolMetadata -Name tp -Path $xml).FullName | Should -Be $xml
        }

        It 'writes what thin_dump writes' -Skip:(-not (Get-Command thin_dump -ErrorAction Ignore)) {
            Export-ThinPoolMetadata -Name tp -Path $xml | Out-Null
            $expected = ((& thin_dump $pool.MetadataFile) -join "`n") + "`n"
            Get-Content -Raw $xml | Should -BeExactly $expected
        }

        It 'takes the pool from the pipeline' {
            Get-ThinPool -Name tp | Export-ThinPoolMetadata -Path $xml | Out-Null
            Test-Path $xml | Should -BeTrue
        }
    }

    Context 'with -WhatIf' {
        It 'writes no file' {
            Export-ThinPoolMetadata -Name tp -Path $xml -WhatIf
            Test-Path $xml | Should -BeFalse
        }
    }

    Context 'errors' {
        It 'refuses to overwrite a file without -Force' {
            Set-Content -Path $xml -Value 'old'
            { Export-ThinPoolMetadata -Name tp -Path $xml -ErrorAction Stop } |
                Should -Throw -ErrorId 'FileExists,ThinPool.Commands.ExportThinPoolMetadataCommand'
        }

        It 'reports a missing metadata snapshot as MetadataSnapshot' {
            { Export-ThinPoolMetadata -Name tp -MetadataSnapshot -ErrorAction Stop } |
                Should -Throw -ErrorId 'MetadataSnapshot,ThinPool.Commands.ExportThinPoolMetadataCommand'
        }

        It 'reports an unknown pool as ThinPoolNotFound' {
            { Export-ThinPoolMetadata -Name nosuch -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.ExportThinPoolMetadataCommand'
        }
    }
}
