Describe 'Import-ThinVolume' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp -DataSize 64MB
        $image = New-TestImage -Path (Join-Path $TestRoot 'img') -Size 1MB -Fill @{ 0 = 1; 4 = 2; 15 = 3 }
    }

    Context 'into a new volume' {
        It 'returns a ThinVolumeTransfer' {
            Import-ThinVolume -Pool tp -Name v1 -Path $image | Should -BeOfType ThinPool.Engine.Pool.ThinVolumeTransfer
        }

        It 'writes only the non-zero blocks' {
            (Import-ThinVolume -Pool tp -Name v1 -Path $image).BlocksWritten | Should -Be 3
        }

        It 'allocates only the non-zero blocks' {
            Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
            (Get-ThinPoolStatus -Name tp).DataUsedBytes | Should -Be (3 * 64KB)
        }

        It 'sizes the volume to the image' {
            Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
            (Get-ThinVolume -Pool tp -Name v1).SizeBytes | Should -Be 1MB
        }

        It 'rounds an odd image size up to whole sectors' {
            $odd = New-TestImage -Path (Join-Path $TestRoot 'odd') -Size 1000 -Fill @{ 0 = 5 }
            Import-ThinVolume -Pool tp -Name v1 -Path $odd | Out-Null
            (Get-ThinVolume -Pool tp -Name v1).SizeBytes | Should -Be 1024
        }

        It 'round-trips through Export-ThinVolume' {
            Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
            Export-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'out') | Out-Null
            Get-FileHashText (Join-Path $TestRoot 'out') | Should -Be (Get-FileHashText $image)
        }

        It 'ends its progress with a Completed record' {
            # Progress cannot be redirected; a separate runspace collects it in its streams.
            $manifest = Join-Path $PSScriptRoot '../../ThinPool.psd1'
            $ps = [powershell]::Create()
            $null = $ps.AddScript('param($Manifest, $Image)
                Import-Module $Manifest
                $ProgressPreference = "Continue"
                Import-ThinVolume -Pool tp -Name v1 -Path $Image').AddArgument($manifest).AddArgument($image)
            $null = $ps.Invoke()
            $ps.Streams.Progress[-1].RecordType | Should -Be 'Completed'
        }
    }

    Context 'into an existing volume' {
        BeforeEach {
            Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
        }

        It 'writes only the blocks that changed' {
            $changed = New-TestImage -Path (Join-Path $TestRoot 'changed') -Size 1MB -Fill @{ 0 = 1; 4 = 9; 15 = 3 }
            (Import-ThinVolume -Pool tp -Name v1 -Path $changed).BlocksWritten | Should -Be 1
        }

        It 'unmaps blocks that are zero in the image' {
            $fewer = New-TestImage -Path (Join-Path $TestRoot 'fewer') -Size 1MB -Fill @{ 0 = 1 }
            (Import-ThinVolume -Pool tp -Name v1 -Path $fewer).BlocksDiscarded | Should -Be 2
        }

        It 'copies only the changed block of a snapshot' {
            New-ThinSnapshot -Pool tp -Origin v1 -Name s1 | Out-Null
            $changed = New-TestImage -Path (Join-Path $TestRoot 'changed') -Size 1MB -Fill @{ 0 = 1; 4 = 9; 15 = 3 }
            Import-ThinVolume -Pool tp -Name s1 -Path $changed | Out-Null
            (Get-ThinPoolStatus -Name tp).DataUsedBytes | Should -Be (4 * 64KB)
        }

        It 'leaves the origin unchanged when its snapshot is overwritten' {
            New-ThinSnapshot -Pool tp -Origin v1 -Name s1 | Out-Null
            $changed = New-TestImage -Path (Join-Path $TestRoot 'changed') -Size 1MB -Fill @{ 0 = 8; 4 = 9 }
            Import-ThinVolume -Pool tp -Name s1 -Path $changed | Out-Null
            Export-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'v1.raw') | Out-Null
            Get-FileHashText (Join-Path $TestRoot 'v1.raw') | Should -Be (Get-FileHashText $image)
        }

        It 'binds pool and name from Get-ThinVolume' {
            $changed = New-TestImage -Path (Join-Path $TestRoot 'changed') -Size 1MB -Fill @{ 0 = 4 }
            (Get-ThinVolume -Pool tp -Name v1 | Import-ThinVolume -Path $changed).Volume | Should -Be 'v1'
        }
    }

    Context 'with -WhatIf' {
        It 'creates no volume' {
            Import-ThinVolume -Pool tp -Name v1 -Path $image -WhatIf
            Get-ThinVolume -Pool tp | Should -BeNullOrEmpty
        }
    }

    Context 'errors' {
        It 'reports a missing image as FileNotFound' {
            { Import-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'nosuch') -ErrorAction Stop } |
                Should -Throw -ErrorId 'FileNotFound,ThinPool.Commands.ImportThinVolumeCommand'
        }

        It 'refuses to write into a read-only snapshot' {
            Import-ThinVolume -Pool tp -Name v1 -Path $image | Out-Null
            New-ThinSnapshot -Pool tp -Origin v1 -Name ro -ReadOnly | Out-Null
            { Import-ThinVolume -Pool tp -Name ro -Path $image -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinVolumeReadOnly,ThinPool.Commands.ImportThinVolumeCommand'
        }

        It 'reports a pool that runs out of data space as OutOfDataSpace' {
            New-TestPool -Name small -DataSize 128KB -MinFreeSpacePercent 0 | Out-Null
            { Import-ThinVolume -Pool small -Name v1 -Path $image -ErrorAction Stop } |
                Should -Throw -ErrorId 'OutOfDataSpace,ThinPool.Commands.ImportThinVolumeCommand'
        }

        It 'leaves no volume behind when it runs out of space' {
            New-TestPool -Name small -DataSize 128KB -MinFreeSpacePercent 0 | Out-Null
            Import-ThinVolume -Pool small -Name v1 -Path $image -ErrorAction SilentlyContinue
            Get-ThinVolume -Pool small | Should -BeNullOrEmpty
        }

        It 'reports an unknown pool as ThinPoolNotFound' {
            { Import-ThinVolume -Pool nosuch -Name v1 -Path $image -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolNotFound,ThinPool.Commands.ImportThinVolumeCommand'
        }
    }
}
