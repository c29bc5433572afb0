# Every cmdlet and parameter fed values it must refuse: each refusal has its ErrorId and leaves
# every file under the test root (pool, registry, targets) byte for byte as it was.

BeforeDiscovery {
    $script:IsRoot = (& id -u) -eq '0'
    $script:Cases = @(
        # New-ThinPool
        @{ Case = 'New-ThinPool -DataSize -1'; ErrorId = 'ParameterArgumentValidationError'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize -1 -Offline } }
        @{ Case = 'New-ThinPool -DataSize 0'; ErrorId = 'ParameterArgumentValidationError'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 0 -Offline } }
        @{ Case = 'New-ThinPool -DataSize below one block'; ErrorId = 'InvalidSize'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 1000 -Offline } }
        @{ Case = 'New-ThinPool -BlockSize -64KB'; ErrorId = 'InvalidBlockSize'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64MB -BlockSize -64KB -Offline } }
        @{ Case = 'New-ThinPool -BlockSize 0'; ErrorId = 'InvalidBlockSize'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64MB -BlockSize 0 -Offline } }
        @{ Case = 'New-ThinPool -BlockSize not a 64 KiB multiple'; ErrorId = 'InvalidBlockSize'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64MB -BlockSize 100KB -Offline } }
        @{ Case = 'New-ThinPool -BlockSize past 1 GiB'; ErrorId = 'InvalidBlockSize'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64GB -BlockSize 2GB -Offline } }
        @{ Case = 'New-ThinPool -MetadataSize -1'; ErrorId = 'ParameterArgumentValidationError'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64MB -MetadataSize -1 -Offline } }
        @{ Case = 'New-ThinPool -MetadataSize below 2 MiB'; ErrorId = 'InvalidSize'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64MB -MetadataSize 4KB -Offline } }
        @{ Case = 'New-ThinPool -MetadataSize not a 4 KiB multiple'; ErrorId = 'InvalidSize'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64MB `
                       -MetadataSize (4MB + 1) -Offline } }
        @{ Case = 'New-ThinPool -MetadataSize past the format limit'; ErrorId = 'MetadataTooLarge'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64MB -MetadataSize 17GB -Offline } }
        @{ Case = 'New-ThinPool -MinFreeSpacePercent -1'; ErrorId = 'InvalidSize'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64MB `
                       -MinFreeSpacePercent -1 -Offline } }
        @{ Case = 'New-ThinPool -WarningThresholdPercent 101'; ErrorId = 'InvalidSize'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64MB `
                       -WarningThresholdPercent 101 -Offline } }
        @{ Case = 'New-ThinPool -LowWaterMark past the data blocks'; ErrorId = 'InvalidSize'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'np') -DataSize 64MB -LowWaterMark 1024 -Offline } }
        @{ Case = 'New-ThinPool -Name with /'; ErrorId = 'InvalidName'
           Run = { New-ThinPool -Name 'a/b' -Path (Join-Path $TestRoot 'np') -DataSize 64MB -Offline } }
        @{ Case = 'New-ThinPool -Name with a control character'; ErrorId = 'InvalidName'
           Run = { New-ThinPool -Name "a`nb" -Path (Join-Path $TestRoot 'np') -DataSize 64MB -Offline } }
        @{ Case = 'New-ThinPool -Name too long'; ErrorId = 'InvalidName'
           Run = { New-ThinPool -Name ('x' * 128) -Path (Join-Path $TestRoot 'np') -DataSize 64MB -Offline } }
        @{ Case = 'New-ThinPool -Name empty'; ErrorId = 'ParameterArgumentValidationError'
           Run = { New-ThinPool -Name '' -Path (Join-Path $TestRoot 'np') -DataSize 64MB -Offline } }
        @{ Case = 'New-ThinPool -Name duplicated'; ErrorId = 'ThinPoolExists'
           Run = { New-ThinPool -Name tp -Path (Join-Path $TestRoot 'np') -DataSize 64MB -Offline } }
        @{ Case = 'New-ThinPool -Path of an existing pool'; ErrorId = 'ThinPoolExists'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'tp') -DataSize 64MB -Offline } }
        @{ Case = 'New-ThinPool -Path under a regular file'; ErrorId = 'ThinPoolIOError'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'image.bin/np') -DataSize 64MB -Offline } }

        # New-ThinVolume
        @{ Case = 'New-ThinVolume -Size -1'; ErrorId = 'InvalidSize'
           Run = { New-ThinVolume -Pool tp -Name v2 -Size -1 } }
        @{ Case = 'New-ThinVolume -Size 0'; ErrorId = 'InvalidSize'
           Run = { New-ThinVolume -Pool tp -Name v2 -Size 0 } }
        @{ Case = 'New-ThinVolume -Size not a sector multiple'; ErrorId = 'InvalidSize'
           Run = { New-ThinVolume -Pool tp -Name v2 -Size 1000 } }
        @{ Case = 'New-ThinVolume -Name with /'; ErrorId = 'InvalidName'
           Run = { New-ThinVolume -Pool tp -Name 'a/b' -Size 8MB } }
        @{ Case = 'New-ThinVolume -Name with a control character'; ErrorId = 'InvalidName'
           Run = { New-ThinVolume -Pool tp -Name "a`tb" -Size 8MB } }
        @{ Case = 'New-ThinVolume -Name past the device-mapper limit'; ErrorId = 'InvalidName'
           Run = { New-ThinVolume -Pool tp -Name ('v' * 125) -Size 8MB } }
        @{ Case = 'New-ThinVolume -Name duplicated'; ErrorId = 'ThinVolumeExists'
           Run = { New-ThinVolume -Pool tp -Name v1 -Size 8MB } }
        @{ Case = 'New-ThinVolume -Pool missing'; ErrorId = 'ThinPoolNotFound'
           Run = { New-ThinVolume -Pool nosuch -Name v2 -Size 8MB } }

        # New-ThinSnapshot
        @{ Case = 'New-ThinSnapshot -Origin missing'; ErrorId = 'ThinVolumeNotFound'
           Run = { New-ThinSnapshot -Pool tp -Origin nosuch -Name s2 } }
        @{ Case = 'New-ThinSnapshot -Name duplicated'; ErrorId = 'ThinVolumeExists'
           Run = { New-ThinSnapshot -Pool tp -Origin v1 -Name s1 } }
        @{ Case = 'New-ThinSnapshot -Name with /'; ErrorId = 'InvalidName'
           Run = { New-ThinSnapshot -Pool tp -Origin v1 -Name 's/2' } }
        @{ Case = 'New-ThinSnapshot -Name with a control character'; ErrorId = 'InvalidName'
           Run = { New-ThinSnapshot -Pool tp -Origin v1 -Name "s`0" } }
        @{ Case = 'New-ThinSnapshot -Pool missing'; ErrorId = 'ThinPoolNotFound'
           Run = { New-ThinSnapshot -Pool nosuch -Origin v1 -Name s2 } }

        # Remove-ThinVolume, Remove-ThinPool
        @{ Case = 'Remove-ThinVolume -Name missing'; ErrorId = 'ThinVolumeNotFound'
           Run = { Remove-ThinVolume -Pool tp -Name nosuch -Confirm:$false } }
        @{ Case = 'Remove-ThinVolume -Pool missing'; ErrorId = 'ThinPoolNotFound'
           Run = { Remove-ThinVolume -Pool nosuch -Name v1 -Confirm:$false } }
        @{ Case = 'Remove-ThinPool -Name missing'; ErrorId = 'ThinPoolNotFound'
           Run = { Remove-ThinPool -Name nosuch -Confirm:$false } }

        # Resize-ThinPool
        @{ Case = 'Resize-ThinPool -DataSize smaller'; ErrorId = 'ShrinkNotSupported'
           Run = { Resize-ThinPool -Name tp -DataSize 4MB } }
        @{ Case = 'Resize-ThinPool -DataSize -1'; ErrorId = 'ParameterArgumentValidationError'
           Run = { Resize-ThinPool -Name tp -DataSize -1 } }
        @{ Case = 'Resize-ThinPool -DataSize 0'; ErrorId = 'ParameterArgumentValidationError'
           Run = { Resize-ThinPool -Name tp -DataSize 0 } }
        @{ Case = 'Resize-ThinPool -MetadataSize smaller'; ErrorId = 'ShrinkNotSupported'
           Run = { Resize-ThinPool -Name tp -MetadataSize 1MB } }
        @{ Case = 'Resize-ThinPool -MetadataSize past the format limit'; ErrorId = 'MetadataTooLarge'
           Run = { Resize-ThinPool -Name tp -MetadataSize 17GB } }
        @{ Case = 'Resize-ThinPool -Name missing'; ErrorId = 'ThinPoolNotFound'
           Run = { Resize-ThinPool -Name nosuch -DataSize 128MB } }

        # Import-ThinVolume, Export-ThinVolume
        @{ Case = 'Import-ThinVolume -Path missing'; ErrorId = 'FileNotFound'
           Run = { Import-ThinVolume -Pool tp -Name v2 -Path (Join-Path $TestRoot 'nosuch.bin') } }
        @{ Case = 'Import-ThinVolume into a read-only snapshot'; ErrorId = 'ThinVolumeReadOnly'
           Run = { Import-ThinVolume -Pool tp -Name ro1 -Path (Join-Path $TestRoot 'image.bin') } }
        @{ Case = 'Import-ThinVolume -Name with /'; ErrorId = 'InvalidName'
           Run = { Import-ThinVolume -Pool tp -Name 'a/b' -Path (Join-Path $TestRoot 'image.bin') } }
        @{ Case = 'Export-ThinVolume -Path exists'; ErrorId = 'FileExists'
           Run = { Export-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'image.bin') } }
        @{ Case = 'Export-ThinVolume -Path in a missing directory'; ErrorId = 'ThinPoolIOError'
           Run = { Export-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'nosuch/out.bin') } }
        @{ Case = 'Export-ThinVolume -Name missing'; ErrorId = 'ThinVolumeNotFound'
           Run = { Export-ThinVolume -Pool tp -Name nosuch -Path (Join-Path $TestRoot 'out.bin') } }

        # Export-ThinPoolMetadata, Import-ThinPoolMetadata
        @{ Case = 'Export-ThinPoolMetadata -Path exists'; ErrorId = 'FileExists'
           Run = { Export-ThinPoolMetadata -Name tp -Path (Join-Path $TestRoot 'image.bin') } }
        @{ Case = 'Export-ThinPoolMetadata -Name missing'; ErrorId = 'ThinPoolNotFound'
           Run = { Export-ThinPoolMetadata -Name nosuch -Path (Join-Path $TestRoot 'out.xml') } }
        @{ Case = 'Import-ThinPoolMetadata -Path missing'; ErrorId = 'FileNotFound'
           Run = { Import-ThinPoolMetadata -Name tp -Path (Join-Path $TestRoot 'nosuch.xml') -Confirm:$false } }
        @{ Case = 'Import-ThinPoolMetadata -Path not XML'; ErrorId = 'InvalidMetadataXml'
           Run = { Import-ThinPoolMetadata -Name tp -Path (Join-Path $TestRoot 'image.bin') -Confirm:$false } }

        # Queries
        @{ Case = 'Get-ThinPool -Name missing'; ErrorId = 'ThinPoolNotFound'
           Run = { Get-ThinPool -Name nosuch } }
        @{ Case = 'Get-ThinVolume -Name missing'; ErrorId = 'ThinVolumeNotFound'
           Run = { Get-ThinVolume -Pool tp -Name nosuch } }
        @{ Case = 'Get-ThinPoolStatus -WarningThresholdPercent 101'; ErrorId = 'ParameterArgumentValidationError'
           Run = { Get-ThinPoolStatus -Name tp -WarningThresholdPercent 101 } }
        @{ Case = 'Test-ThinPool -Name missing'; ErrorId = 'ThinPoolNotFound'
           Run = { Test-ThinPool -Name nosuch } }
    )

    $script:MountCases = @(
        @{ Case = 'New-ThinPool -Path on a read-only filesystem'; Mount = 'ro'; ErrorId = 'ThinPoolIOError'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'mnt/np') -DataSize 64MB -Offline } }
        @{ Case = 'New-ThinPool -Path on a full filesystem'; Mount = 'full'; ErrorId = 'ThinPoolIOError'
           Run = { New-ThinPool -Name np -Path (Join-Path $TestRoot 'mnt/np') -DataSize 64MB -Offline } }
        @{ Case = 'Export-ThinVolume -Path on a read-only filesystem'; Mount = 'ro'; ErrorId = 'ThinPoolIOError'
           Run = { Export-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'mnt/out.bin') } }
        @{ Case = 'Export-ThinVolume -Path on a full filesystem'; Mount = 'full'; ErrorId = 'ThinPoolIOError'
           Run = { Export-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'mnt/out.bin') } }
        @{ Case = 'Export-ThinPoolMetadata -Path on a read-only filesystem'; Mount = 'ro'; ErrorId = 'ThinPoolIOError'
           Run = { Export-ThinPoolMetadata -Name tp -Path (Join-Path $TestRoot 'mnt/out.xml') } }
        @{ Case = 'Export-ThinPoolMetadata -Path on a full filesystem'; Mount = 'full'; ErrorId = 'ThinPoolIOError'
           Run = { Export-ThinPoolMetadata -Name tp -Path (Join-Path $TestRoot 'mnt/out.xml') } }
    )
}

Describe 'Bad input' -Tag 'BadInput' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

        function Get-TreeState {
            # Every directory and file under the test root, with sizes and hashes.
            Get-ChildItem -Path $TestRoot -Recurse -Force | Where-Object Name -ne '.lock' |
                Sort-Object FullName | ForEach-Object {
                    if ($_.PSIsContainer) { "$($_.FullName)/" }
                    else { '{0} {1} {2}' -f $_.FullName, $_.Length, (Get-FileHashText $_.FullName) }
                }
        }

        function Get-ShortErrorId {
            param([scriptblock] $Run)

            $ErrorActionPreference = 'Stop'
            try {
                & $Run | Out-Null
                return '(no error)'
            }
            catch {
                return ($_.FullyQualifiedErrorId -split ',')[0]
            }
        }

        # One pool for every case: each case must leave it exactly as it was, which the case
        # itself asserts, so a case that changed it fails rather than passing it on unnoticed.
        Initialize-TestRegistry
        # A small pool keeps the before-and-after hashing of every file cheap.
        New-TestPool -Name tp -DataSize 8MB -MinFreeSpacePercent 0 | Out-Null
        New-TestImage -Path (Join-Path $TestRoot 'image.bin') -Size 1MB -Fill @{ 0 = 7 } | Out-Null
        # v1 holds data, so exporting it must write bytes (an all-zero export is sparse).
        Import-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'image.bin') | Out-Null
        New-ThinSnapshot -Pool tp -Origin v1 -Name s1 | Out-Null
        New-ThinSnapshot -Pool tp -Origin v1 -Name ro1 -ReadOnly | Out-Null
    }

    Context 'each refusal' {
        It '<Case> fails with <ErrorId> and changes nothing' -TestCases $Cases {
            param($Case, $ErrorId, $Run)
            $before = Get-TreeState
            $id = Get-ShortErrorId $Run
            "$id; unchanged: $(-not (Compare-Object @($before) @(Get-TreeState)))" |
                Should -Be "$ErrorId; unchanged: True"
        }
    }

    Context 'paths on read-only and full filesystems' {
        BeforeAll {
            $mnt = Join-Path $TestRoot 'mnt'
            New-Item -ItemType Directory -Path $mnt | Out-Null
        }

        AfterEach {
            if ($IsRoot) { & umount $mnt 2>$null }
        }

        It '<Case> fails with <ErrorId> and changes nothing' -TestCases $MountCases -Skip:(-not $IsRoot) {
            param($Case, $ErrorId, $Run, $Mount)
            if ($Mount -eq 'ro') {
                & mount -t tmpfs -o 'ro,size=1m' thinpool-badinput $mnt
            }
            else {
                # Filled to the last byte: the first data written there fails with ENOSPC.
                & mount -t tmpfs -o 'size=256k' thinpool-badinput $mnt
                & dd if=/dev/zero "of=$(Join-Path $mnt 'filler')" bs=4k 2>$null
            }

            $before = Get-TreeState
            $id = Get-ShortErrorId $Run
            "$id; unchanged: $(-not (Compare-Object @($before) @(Get-TreeState)))" |
                Should -Be "$ErrorId; unchanged: True"
        }
    }
}
