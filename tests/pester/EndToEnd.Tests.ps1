Describe 'End to end' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-TestRegistry
        $thinCheck = Get-Command thin_check -ErrorAction Ignore
        $thinDump = Get-Command thin_dump -ErrorAction Ignore
        $missingTools = -not ($thinCheck -and $thinDump)
        if ($missingTools -and $env:CI -eq 'true') {
            throw 'thin_check and thin_dump are required in CI (install thin-provisioning-tools).'
        }

        # A scripted session: everything an operator does, in order.
        $pool = New-ThinPool -Name e2e -Path (Join-Path $TestRoot 'e2e') -DataSize 64MB -Offline
        $image = New-TestImage -Path (Join-Path $TestRoot 'disk.raw') -Size 4MB -Fill @{ 0 = 1; 1 = 2; 10 = 3; 63 = 4 }
        Import-ThinVolume -Pool e2e -Name base -Path $image | Out-Null
        New-ThinSnapshot -Pool e2e -Origin base -Name snap | Out-Null
        $changed = New-TestImage -Path (Join-Path $TestRoot 'changed.raw') -Size 4MB `
            -Fill @{ 0 = 1; 1 = 7; 10 = 3; 20 = 5 }
        $transfer = Import-ThinVolume -Pool e2e -Name snap -Path $changed
        New-ThinVolume -Pool e2e -Name scratch -Size 1GB | Out-Null
        Remove-ThinVolume -Pool e2e -Name scratch -Confirm:$false
        Resize-ThinPool -Name e2e -DataSize 128MB -MetadataSize 4MB
        $status = Get-ThinPoolStatus -Name e2e
        Export-ThinVolume -Pool e2e -Name base -Path (Join-Path $TestRoot 'base.out') | Out-Null
        Export-ThinVolume -Pool e2e -Name snap -Path (Join-Path $TestRoot 'snap.out') | Out-Null
    }

    Context 'the pool after the session' {
        It 'copied only the two changed blocks into the snapshot' {
            $transfer.BlocksWritten | Should -Be 2
        }

        It 'uses six data blocks: four shared or original, two copied' {
            $status.DataUsedBytes | Should -Be (6 * 64KB)
        }

        It 'left the origin unchanged' {
            Get-FileHashText (Join-Path $TestRoot 'base.out') | Should -Be (Get-FileHashText $image)
        }

        It 'holds the changed data in the snapshot' {
            Get-FileHashText (Join-Path $TestRoot 'snap.out') | Should -Be (Get-FileHashText $changed)
        }

        It 'grew the pool' {
            $status.DataTotalBytes | Should -Be 128MB
        }

        It 'passes Test-ThinPool' {
            (Test-ThinPool -Name e2e).IsClean | Should -BeTrue
        }
    }

    Context 'the kernel tools' {
        It 'passes thin_check' -Skip:$missingTools {
            & $thinCheck.Source $pool.MetadataFile 2>&1 | Out-Null
            $LASTEXITCODE | Should -Be 0
        }

        It 'shows both volumes in thin_dump' -Skip:$missingTools {
            ([xml] ((& $thinDump.Source $pool.MetadataFile) -join "`n")).superblock.device.Count |
                Should -Be 2
        }

        It 'shows the transaction id the session reached in thin_dump' -Skip:$missingTools {
            ([xml] ((& $thinDump.Source $pool.MetadataFile) -join "`n")).superblock.transaction |
                Should -Be "$($status.TransactionId)"
        }

        It 'shows the grown data size in thin_dump' -Skip:$missingTools {
            ([xml] ((& $thinDump.Source $pool.MetadataFile) -join "`n")).superblock.nr_data_blocks |
                Should -Be '2048'
        }
    }
}
