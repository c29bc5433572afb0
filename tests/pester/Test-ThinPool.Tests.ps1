Describe 'Test-ThinPool' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp
        $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{ 0 = 1; 2 = 2 }
        Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
        New-ThinSnapshot -Pool tp -Origin v1 -Name s1 | Out-Null
    }

    Context 'a sound pool' {
        It 'returns a ThinCheckReport' {
            Test-ThinPool -Name tp | Should -BeOfType ThinPool.Engine.Pool.ThinCheckReport
        }

        It 'reports the pool clean' {
            (Test-ThinPool -Name tp).IsClean | Should -BeTrue
        }

        It 'counts the devices' {
            (Test-ThinPool -Name tp).DeviceCount | Should -Be 2
        }

        It 'counts the shared data blocks once' {
            (Test-ThinPool -Name tp).DataBlocksReferenced | Should -Be 2
        }

        It 'takes pools from the pipeline' {
            (Get-ThinPool -Name tp | Test-ThinPool).Pool | Should -Be 'tp'
        }
    }

    Context 'a damaged pool' {
        It 'reports corrupt metadata as not clean' {
            $stream = [IO.File]::Open($pool.MetadataFile, 'Open', 'ReadWrite')
            try {
                $stream.Position = 0
                $stream.Write([byte[]]::new(64), 0, 64)
            }
            finally {
                $stream.Dispose()
            }

            (Test-ThinPool -Name tp -WarningAction SilentlyContinue).IsClean | Should -BeFalse
        }

        It 'reports a name that points at no device' {
            $json = Get-Content -Raw (Join-Path $pool.Path 'pool.json') | ConvertFrom-Json
            $json.volumes[0].deviceId = 99
            $json | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $pool.Path 'pool.json')
            (Test-ThinPool -Name tp -WarningAction SilentlyContinue).FatalCount | Should -BeGreaterThan 0
        }
    }

    Context 'errors' {
        It 'reports an unknown pool as ThinPoolNotFound' {
            { Test-ThinPool -Name nosuch -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.TestThinPoolCommand'
        }
    }
}
