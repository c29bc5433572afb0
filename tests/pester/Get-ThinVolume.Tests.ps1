Describe 'Get-ThinVolume' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        New-TestPool -Name tp | Out-Null
        New-ThinVolume -Pool tp -Name beta -Size 16MB | Out-Null
        New-ThinVolume -Pool tp -Name alpha -Size 16MB | Out-Null
    }

    Context 'listing volumes' {
        It 'lists the volumes of a pool by name' {
            (Get-ThinVolume -Pool tp).Name | Should -Be @('alpha', 'beta')
        }

        It 'filters by wildcard' {
            (Get-ThinVolume -Pool tp -Name 'al*').Name | Should -Be 'alpha'
        }

        It 'lists the volumes of every pool without -Pool' {
            New-TestPool -Name tp2 | Out-Null
            New-ThinVolume -Pool tp2 -Name gamma -Size 16MB | Out-Null
            (Get-ThinVolume).Name | Should -Be @('alpha', 'beta', 'gamma')
        }

        It 'takes pools from the pipeline' {
            (Get-ThinPool -Name tp | Get-ThinVolume).Count | Should -Be 2
        }

        It 'reports mapped bytes after an import' {
            $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{ 2 = 9 }
            Import-ThinVolume -Pool tp -Name alpha -Path $image | Out-Null
            (Get-ThinVolume -Pool tp -Name alpha).MappedBytes | Should -Be 64KB
        }
    }

    Context 'errors' {
        It 'reports an unknown volume as ThinVolumeNotFound' {
            { Get-ThinVolume -Pool tp -Name nosuch -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinVolumeNotFound,ThinPool.Commands.GetThinVolumeCommand'
        }

        It 'reports names out of step with the metadata as ThinPoolRecordMismatch' {
            $record = Join-Path (Get-ThinPool -Name tp).Path 'pool.json'
            $json = Get-Content -Raw $record | ConvertFrom-Json
            $json.transactionId = 40
            $json | ConvertTo-Json -Depth 5 | Set-Content $record
            { Get-ThinVolume -Pool tp -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolRecordMismatch,ThinPool.Commands.GetThinVolumeCommand'
        }

        It 'reports an unknown pool as ThinPoolNotFound' {
            { Get-ThinVolume -Pool nosuch -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.GetThinVolumeCommand'
        }
    }
}
