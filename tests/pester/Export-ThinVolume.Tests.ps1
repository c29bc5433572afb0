Describe 'Export-ThinVolume' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        New-TestPool -Name tp | Out-Null
        $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 4MB -Fill @{ 1 = 1; 60 = 2 }
        Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
        $out = Join-Path $TestRoot 'out.raw'
    }

    Context 'exporting' {
        It 'writes the volume bytes' {
            Export-ThinVolume -Pool tp -Name v1 -Path $out | Out-Null
            Get-FileHashText $out | Should -Be (Get-FileHashText $image)
        }

        It 'writes a sparse file' {
            Export-ThinVolume -Pool tp -Name v1 -Path $out | Out-Null
            [long] (& du -B1 $out).Split("`t")[0] | Should -BeLessOrEqual (4 * 64KB)
        }

        It 'reports the blocks written' {
            (Export-ThinVolume -Pool tp -Name v1 -Path $out).BlocksWritten | Should -Be 2
        }

        It 'takes the volume from the pipeline' {
            Get-ThinVolume -Pool tp -Name v1 | Export-ThinVolume -Path $out | Out-Null
            Test-Path $out | Should -BeTrue
        }

        It 'overwrites with -Force' {
            Set-Content -Path $out -Value 'old'
            Export-ThinVolume -Pool tp -Name v1 -Path $out -Force | Out-Null
            (Get-Item $out).Length | Should -Be 4MB
        }
    }

    Context 'with -WhatIf' {
        It 'writes no file' {
            Export-ThinVolume -Pool tp -Name v1 -Path $out -WhatIf
            Test-Path $out | Should -BeFalse
        }
    }

    Context 'errors' {
        It 'refuses to overwrite a file without -Force' {
            Set-Content -Path $out -Value 'old'
            { Export-ThinVolume -Pool tp -Name v1 -Path $out -ErrorAction Stop } |
                Should -Throw -ErrorId 'FileExists,ThinPool.Commands.ExportThinVolumeCommand'
        }

        It 'leaves the refused file as it was' {
            Set-Content -Path $out -Value 'old'
            Export-ThinVolume -Pool tp -Name v1 -Path $out -ErrorAction SilentlyContinue
            Get-Content $out | Should -Be 'old'
        }

        It 'reports an unknown volume as ThinVolumeNotFound' {
            { Export-ThinVolume -Pool tp -Name nosuch -Path $out -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinVolumeNotFound,ThinPool.Commands.ExportThinVolumeCommand'
        }
    }
}
