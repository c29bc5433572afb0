Describe 'Remove-ThinPool' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp
    }

    Context 'forgetting a pool' {
        It 'removes the pool from the registry' {
            Remove-ThinPool -Name tp -Confirm:$false
            Get-ThinPool | Should -BeNullOrEmpty
        }

        It 'keeps the files without -DeleteFiles' {
            Remove-ThinPool -Name tp -Confirm:$false
            Test-Path $pool.DataFile | Should -BeTrue
        }

        It 'deletes the pool directory with -DeleteFiles' {
            Remove-ThinPool -Name tp -DeleteFiles -Confirm:$false
            Test-Path $pool.Path | Should -BeFalse
        }

        It 'deletes the files of a pool whose metadata is destroyed' {
            Set-Content -Path $pool.MetadataFile -Value 'garbage'
            Remove-ThinPool -Name tp -DeleteFiles -Confirm:$false
            Test-Path $pool.Path | Should -BeFalse
        }

        It 'takes pools from the pipeline' {
            Get-ThinPool -Name tp | Remove-ThinPool -Confirm:$false
            Get-ThinPool | Should -BeNullOrEmpty
        }
    }

    Context 'with -WhatIf' {
        It 'keeps the registration' {
            Remove-ThinPool -Name tp -DeleteFiles -WhatIf
            (Get-ThinPool).Name | Should -Be 'tp'
        }

        It 'keeps the files' {
            Remove-ThinPool -Name tp -DeleteFiles -WhatIf
            Test-Path $pool.MetadataFile | Should -BeTrue
        }
    }

    Context 'errors' {
        It 'reports an unknown pool as ThinPoolNotFound' {
            { Remove-ThinPool -Name nosuch -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.RemoveThinPoolCommand'
        }

        It 'refuses to delete the files of a locked pool' {
            $lock = [IO.File]::Open((Join-Path $pool.Path '.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
            try {
                { Remove-ThinPool -Name tp -DeleteFiles -Confirm:$false -ErrorAction Stop } |
                    Should -Throw -ErrorId 'ThinPoolLocked,ThinPool.Commands.RemoveThinPoolCommand'
            }
            finally {
                $lock.Dispose()
            }
        }
    }
}
