# Deferred removal, deactivation and re-activation, offline cmdlets on what the kernel wrote,
# transfers and mkfs on a live pool.

BeforeAll {
    . (Join-Path $PSScriptRoot 'KernelHelpers.ps1')
    Clear-KernelTestDevice
}

AfterAll {
    Clear-KernelTestDevice
}

Describe 'Remove-ThinVolume on a live pool' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'remove'
        $name = (New-KernelPool 'remove').Name
        $null = New-ThinVolume -Pool $name -Name busy -Size 16MB -Confirm:$false
        $null = New-ThinVolume -Pool $name -Name open -Size 16MB -Confirm:$false
        $busy = Mount-ThinVolume -Pool $name -Name busy -Confirm:$false
        $open = Mount-ThinVolume -Pool $name -Name open -Confirm:$false
        $holdBusy = [IO.File]::OpenRead($busy.DevicePath)
        $holdOpen = [IO.File]::OpenRead($open.DevicePath)
        Remove-ThinVolume -Pool $name -Name busy -Confirm:$false -ErrorVariable busyError `
            -ErrorAction SilentlyContinue
        Remove-ThinVolume -Pool $name -Name open -Deferred -Confirm:$false
        $namesAfterDeferred = (Get-ThinVolume -Pool $name).Name
        $nodeWhileOpen = Test-Path $open.DevicePath
        $holdOpen.Dispose()
        $holdBusy.Dispose()
        $nodeAfterClose = [bool] (& dmsetup info "$name-open" 2>$null)
        $null = New-ThinVolume -Pool $name -Name later -Size 16MB -Confirm:$false
        Dismount-ThinPool -Name $name -Confirm:$false
        $xml = [xml] ((Export-ThinPoolMetadata -Name $name) -join "`n")
    }

    It 'refuses to remove an open volume without -Deferred' {
        $busyError[0].FullyQualifiedErrorId | Should -BeLike 'DeviceBusy,*'
    }

    It 'keeps a volume it refused to remove' {
        $namesAfterDeferred | Should -Contain 'busy'
    }

    It 'drops the name of a volume removed with -Deferred at once' {
        $namesAfterDeferred | Should -Not -Contain 'open'
    }

    It 'keeps the device of a deferred removal while it is open' {
        $nodeWhileOpen | Should -BeTrue
    }

    It 'removes the device at its last close' {
        $nodeAfterClose | Should -BeFalse
    }

    It 'deletes the thin device with the next change to the pool' {
        # Left: 'busy' and 'later' (which may reuse the freed id), not the removed one.
        @($xml.superblock.device) | Should -HaveCount 2
    }
}

Describe 'Dismount-ThinPool and Mount-ThinPool' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'remount'
        $name = (New-KernelPool 'remount').Name
        $null = New-ThinVolume -Pool $name -Name v1 -Size 16MB -Confirm:$false
        $volume = Mount-ThinVolume -Pool $name -Name v1 -Confirm:$false
        $seed = Join-Path $WorkDir 'seed'
        $null = Invoke-Dd "if=/dev/urandom", "of=$seed", 'bs=1M', 'count=3'
        $write = Invoke-Dd "if=$seed", "of=$($volume.DevicePath)", 'bs=1M'
        $null = New-ThinSnapshot -Pool $name -Origin v1 -Name s1 -Confirm:$false
        $dump = Join-Path $WorkDir 'remount.xml'
        Export-ThinPoolMetadata -Name $name -Path $dump
        $importError = $null
        try {
            Import-ThinPoolMetadata -Name $name -Path $dump -Confirm:$false -ErrorAction Stop
        } catch {
            $importError = $_
        }
        $stagingLeft = Test-Path (Join-Path $WorkDir 'remount/metadata.import')
        $namesAfterImport = @(Get-ThinVolume -Pool $name | ForEach-Object Name | Sort-Object)
        $inactive = Dismount-ThinPool -Name $name -PassThru -Confirm:$false
        Mount-ThinVolume -Pool $name -Name v1 -Confirm:$false -ErrorVariable inactiveError `
            -ErrorAction SilentlyContinue
        $loops = @(& losetup -j (Join-Path $WorkDir 'remount/data'))
        $poolDeviceAfterDismount = [bool] (& dmsetup info $name 2>$null)
        $offlineVolume = Get-ThinVolume -Pool $name -Name v1
        $image = Join-Path $WorkDir 'v1.img'
        $null = Export-ThinVolume -Pool $name -Name v1 -Path $image
        $check = Test-ThinPool -Name $name
        $active = Mount-ThinPool -Name $name -PassThru -Confirm:$false
        $again = Mount-ThinVolume -Pool $name -Name s1 -Confirm:$false
    }

    It 'takes the data written to the volume' {
        $write.ExitCode | Should -Be 0 -Because $write.Output
    }

    It 'refuses to import metadata under the active pool' {
        $importError.FullyQualifiedErrorId | Should -BeLike 'ThinPoolActive,*'
    }

    It 'writes nothing beside the active pool when it refuses the import' {
        $stagingLeft | Should -BeFalse
    }

    It 'keeps the volumes of the active pool when it refuses the import' {
        $namesAfterImport | Should -Be @('s1', 'v1')
    }

    It 'deactivates the pool' {
        $inactive.State | Should -Be 'Inactive'
    }

    It 'refuses to activate a volume of the inactive pool with ThinPoolNotActive' {
        $inactiveError[0].FullyQualifiedErrorId | Should -BeLike 'ThinPoolNotActive,*'
    }

    It 'removes the pool device' {
        $poolDeviceAfterDismount | Should -BeFalse
    }

    It 'detaches the loop devices' {
        $loops | Should -HaveCount 0
    }

    It 'lets the offline cmdlets read the mappings the kernel wrote' {
        $offlineVolume.MappedBytes | Should -Be 3MB
    }

    It 'lets the offline engine export the data the kernel wrote' {
        Get-RangeHash $image -Length 3MB | Should -Be (Get-RangeHash $seed -Length 3MB)
    }

    It 'finds the metadata the kernel wrote clean' {
        $check.IsClean | Should -BeTrue
    }

    It 'activates the pool again' {
        $active.State | Should -Be 'Active'
    }

    It 'serves the snapshot again after re-activation' {
        Get-RangeHash $again.DevicePath -Length 3MB | Should -Be (Get-RangeHash $seed -Length 3MB)
    }
}

Describe 'Remove-ThinPool on an active pool' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'forget'
        $name = (New-KernelPool 'forget').Name
        $null = New-ThinVolume -Pool $name -Name v1 -Size 16MB -Confirm:$false
        $null = New-ThinVolume -Pool $name -Name v2 -Size 16MB -Confirm:$false
        $v1 = Mount-ThinVolume -Pool $name -Name v1 -Confirm:$false
        $null = Mount-ThinVolume -Pool $name -Name v2 -Confirm:$false
        $hold = [IO.File]::OpenRead($v1.DevicePath)
        Remove-ThinPool -Name $name -Confirm:$false -ErrorVariable busyError `
            -ErrorAction SilentlyContinue
        $knownWhileBusy = @(Get-ThinPool | Where-Object Name -EQ $name).Count
        $v2WhileBusy = [bool] (& dmsetup info "$name-v2" 2>$null)
        $hold.Dispose()
        Remove-ThinPool -Name $name -Confirm:$false
        $knownAfter = @(Get-ThinPool | Where-Object Name -EQ $name).Count
        $poolDeviceAfter = [bool] (& dmsetup info $name 2>$null)
        $loopsAfter = @(& losetup -j (Join-Path $WorkDir 'forget/data'))
        $adopted = Get-ThinPool -Path (Join-Path $WorkDir 'forget')
        $volumesAfter = @(Get-ThinVolume -Pool $name | ForEach-Object Name | Sort-Object)
    }

    It 'refuses while a volume device is open' {
        $busyError[0].FullyQualifiedErrorId | Should -BeLike 'DeviceBusy,*'
    }

    It 'keeps the pool it refused to remove' {
        $knownWhileBusy | Should -Be 1
    }

    It 'deactivates no other volume when it refuses' {
        $v2WhileBusy | Should -BeTrue
    }

    It 'forgets the pool once the device is closed' {
        $knownAfter | Should -Be 0
    }

    It 'deactivates the pool it forgets' {
        $poolDeviceAfter | Should -BeFalse
    }

    It 'detaches the loops of the pool it forgets' {
        $loopsAfter | Should -HaveCount 0
    }

    It 'keeps the files, so the pool can be adopted again with its volumes' {
        $adopted.Name | Should -Be $name
        $volumesAfter | Should -Be @('v1', 'v2')
    }
}

Describe 'Import-ThinVolume and Export-ThinVolume on a live pool' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'transfer'
        $name = (New-KernelPool 'transfer').Name
        $image = Join-Path $WorkDir 'in.img'
        $null = Invoke-Dd "if=/dev/urandom", "of=$image", 'bs=64K', 'count=20'
        $null = Invoke-Dd "if=/dev/zero", "of=$image", 'bs=64K', 'count=20', 'seek=20'
        $null = Import-ThinVolume -Pool $name -Name v1 -Path $image
        $out = Join-Path $WorkDir 'out.img'
        $null = Export-ThinVolume -Pool $name -Name v1 -Path $out
        $volume = Mount-ThinVolume -Pool $name -Name v1 -Confirm:$false
    }

    It 'exports what it imported' {
        Get-RangeHash $out -Length 2560KB | Should -Be (Get-RangeHash $image -Length 2560KB)
    }

    It 'wrote the data the kernel serves' {
        Get-RangeHash $volume.DevicePath -Length 2560KB |
            Should -Be (Get-RangeHash $image -Length 2560KB)
    }

    It 'maps only the blocks with data' {
        (Get-ThinVolume -Pool $name -Name v1).MappedBytes | Should -Be 1280KB
    }
}

Describe 'New-ThinVolume -FileSystem ext4' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'mkfs'
        $name = (New-KernelPool 'mkfs').Name
        $created = New-ThinVolume -Pool $name -Name fs -Size 64MB -FileSystem ext4 -Confirm:$false
        $device = Mount-ThinVolume -Pool $name -Name fs -Confirm:$false
        $type = (& blkid -o value -s TYPE $device.DevicePath)
        # ext4 cannot fit its journal in 64 KiB: mkfs fails, and the volume must go again.
        New-ThinVolume -Pool $name -Name tiny -Size 64KB -FileSystem ext4 -Confirm:$false `
            -ErrorVariable mkfsError -ErrorAction SilentlyContinue
        $volumesAfterFailure = @(Get-ThinVolume -Pool $name | ForEach-Object Name)
        $tinyDevice = [bool] (& dmsetup info "$name-tiny" 2>$null)
    }

    It 'records the filesystem' {
        $created.Filesystem | Should -Be 'ext4'
    }

    It 'makes the filesystem on the volume' {
        $type | Should -Be 'ext4'
    }

    It 'leaves the volume inactive when it was not mounted before' {
        $created.IsMounted | Should -BeFalse
    }

    It 'reports a failed mkfs with FileSystemFailed' {
        $mkfsError[0].FullyQualifiedErrorId | Should -BeLike 'FileSystemFailed,*'
    }

    It 'removes the volume whose mkfs failed, name and device' {
        $volumesAfterFailure | Should -Be @('fs')
        $tinyDevice | Should -BeFalse
    }
}

Describe 'Direct pool on raw block devices' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'direct'
        $dataFile = Join-Path $WorkDir 'disk-data'
        $metaFile = Join-Path $WorkDir 'disk-meta'
        $signedFile = Join-Path $WorkDir 'disk-signed'
        foreach ($f in $dataFile, $metaFile, $signedFile) {
            $null = & truncate -s 64M $f
        }
        $null = & mkfs.ext4 -q -F $signedFile
        $data = (& losetup -f --show $dataFile)
        $meta = (& losetup -f --show $metaFile)
        $signed = (& losetup -f --show $signedFile)
        $dir = Join-Path $WorkDir 'pool'
        New-ThinPool -Name "signed$Suffix" -Path (Join-Path $WorkDir 'signed') `
            -DataDevice $signed -MetadataDevice $meta -Confirm:$false `
            -ErrorVariable signedError -ErrorAction SilentlyContinue
        $pool = New-ThinPool -Name "direct$Suffix" -Path $dir -DataDevice $data `
            -MetadataDevice $meta -Confirm:$false
        $null = New-ThinVolume -Pool $pool.Name -Name v1 -Size 32MB -Confirm:$false
        $volume = Mount-ThinVolume -Pool $pool.Name -Name v1 -Confirm:$false
        $seed = Join-Path $WorkDir 'seed'
        $null = Invoke-Dd "if=/dev/urandom", "of=$seed", 'bs=1M', 'count=2'
        $null = Invoke-Dd "if=$seed", "of=$($volume.DevicePath)", 'bs=1M'
        $snapshot = New-ThinSnapshot -Pool $pool.Name -Origin v1 -Name s1 -Confirm:$false
        $volumes = Get-ThinVolume -Pool $pool.Name
        Dismount-ThinPool -Name $pool.Name -Confirm:$false
        $offline = Get-ThinVolume -Pool $pool.Name -Name v1
        Remove-ThinPool -Name $pool.Name -DeleteFiles -Confirm:$false
    }

    AfterAll {
        foreach ($loop in $data, $meta, $signed) {
            if ($loop) { & losetup -d $loop 2>$null }
        }
    }

    It 'refuses a device with a filesystem signature' {
        $signedError[0].FullyQualifiedErrorId | Should -BeLike 'DeviceHasSignature,*'
    }

    It 'creates an active direct pool' {
        $pool.Mode | Should -Be 'Direct'
    }

    It 'uses the whole data device' {
        $pool.DataSizeBytes | Should -Be 64MB
    }

    It 'creates volumes and snapshots on it' {
        $volumes.Name | Should -Be @('s1', 'v1')
    }

    It 'lets the offline engine read the devices after deactivation' {
        $offline.MappedBytes | Should -Be 2MB
    }

    It 'keeps the device nodes when the pool is removed with its files' {
        Test-Path $data | Should -BeTrue
    }
}
