Describe 'Get-ThinPool' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
    }

    Context 'listing pools' {
        It 'lists every registered pool by name' {
            New-TestPool -Name b | Out-Null
            New-TestPool -Name a | Out-Null
            (Get-ThinPool).Name | Should -Be @('a', 'b')
        }

        It 'filters by wildcard' {
            New-TestPool -Name alpha | Out-Null
            New-TestPool -Name beta | Out-Null
            (Get-ThinPool -Name 'al*').Name | Should -Be 'alpha'
        }

        It 'returns nothing when no pool is registered' {
            Get-ThinPool | Should -BeNullOrEmpty
        }

        It 'reports the volume count' {
            New-TestPool | Out-Null
            New-ThinVolume -Pool tp -Name v1 -Size 16MB | Out-Null
            (Get-ThinPool -Name tp).VolumeCount | Should -Be 1
        }

        It 'reports an offline pool as Offline and Inactive' {
            New-TestPool | Out-Null
            $pool = Get-ThinPool -Name tp
            "$($pool.Mode) $($pool.State)" | Should -Be 'Offline Inactive'
        }

        It 'binds pool names from the pipeline' {
            New-TestPool | Out-Null
            ([pscustomobject] @{ Name = 'tp' } | Get-ThinPool).Name | Should -Be 'tp'
        }
    }

    Context 'adopting a pool directory' {
        It 'registers the pool found in the directory' {
            $dir = (New-TestPool).Path
            Remove-ThinPool -Name tp -Confirm:$false
            (Get-ThinPool -Path $dir).Name | Should -Be 'tp'
        }

        It 'makes the adopted pool known by name' {
            $dir = (New-TestPool).Path
            Remove-ThinPool -Name tp -Confirm:$false
            Get-ThinPool -Path $dir | Out-Null
            (Get-ThinPool -Name tp).Path | Should -Be $dir
        }
    }

    Context 'errors' {
        It 'reports an unknown name as ThinPoolNotFound' {
            { Get-ThinPool -Name nosuch -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.GetThinPoolCommand'
        }

        It 'reports a directory without a pool as ThinPoolNotFound' {
            { Get-ThinPool -Path $TestRoot -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.GetThinPoolCommand'
        }

        It 'refuses to adopt a pool whose name is taken by another directory' {
            $first = (New-TestPool).Path
            $copy = Join-Path $TestRoot 'copy'
            Copy-Item -Recurse $first $copy
            { Get-ThinPool -Path $copy -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolExists,ThinPool.Commands.GetThinPoolCommand'
        }
    }
}
