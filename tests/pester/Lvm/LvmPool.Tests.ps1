# The cmdlets in LVM mode over real lvm2 and the real kernel: run as root in the dm-vm VM by
# tests/kernel/lvm/run-lvm-tests.sh, with /dev/vdd, /dev/vde and /dev/vdf (1 GiB each) and
# /dev/vdg (1 MiB, too small to be a physical volume). One story on one pool, in order.
# Everything it makes is named tplp; the disks are thrown away with the VM.

BeforeAll {
    . (Join-Path $PSScriptRoot '../Kernel/KernelHelpers.ps1')

    $script:LvmConfig = 'devices { obtain_device_list_from_udev=0 } activation { udev_sync=0 udev_rules=0 }'

    function Get-LvmRow {
        # One report of lvm's (pvs, vgs, lvs) as objects, sizes in bytes.
        param([string] $Report, [string] $Fields, [string[]] $Select = @())

        $json = & lvm $Report --config $LvmConfig --reportformat json --units b --nosuffix `
            -o $Fields @Select 2>$null
        @((($json -join "`n") | ConvertFrom-Json).report[0].PSObject.Properties.Value |
            ForEach-Object { $_ })
    }

    function Clear-LvmTestState {
        foreach ($vg in @(Get-LvmRow vgs vg_name | Where-Object vg_name -like 'tplp*')) {
            & lvm vgremove --config $LvmConfig -f -y $vg.vg_name 2>&1 | Out-Null
        }

        foreach ($disk in '/dev/vdd', '/dev/vde', '/dev/vdf', '/dev/vdg') {
            & lvm pvremove --config $LvmConfig -ff -y $disk 2>&1 | Out-Null
        }

        Remove-Item /etc/lvm/profile/tplp-*.profile -ErrorAction Ignore
    }

    function Get-KernelTable {
        param([string] $Name)
        "$(& dmsetup table $Name 2>$null)"
    }

    Clear-LvmTestState
    Initialize-KernelTest 'lvm'
    $script:PoolName = 'tplp-pool'
    $script:DmName = 'tplpvg-thinpool'
}

AfterAll {
    Clear-LvmTestState
}

Describe 'LVM mode: the guide''s direct-lvm pool through the cmdlets' -Tag Lvm {
    Context 'a physical device that holds a filesystem' {
        BeforeAll {
            & mkfs.ext4 -q -F /dev/vdf 2>&1 | Out-Null
            $refusal = { New-ThinPool -Name tplp-signed -VolumeGroup tplpsigned -PhysicalDevice /dev/vdf `
                    -Confirm:$false -ErrorAction Stop }
        }

        It 'is refused without -Force with DeviceHasSignature' {
            $refusal | Should -Throw -ErrorId 'DeviceHasSignature,*'
        }

        It 'keeps its filesystem and becomes no physical volume' {
            "$(& blkid -o value -s TYPE /dev/vdf)" | Should -Be 'ext4'
            @(Get-LvmRow pvs pv_name | Where-Object pv_name -eq '/dev/vdf') | Should -BeNullOrEmpty
        }

        It 'leaves no pool recorded' {
            { Get-ThinPool -Name tplp-signed -ErrorAction Stop } | Should -Throw -ErrorId 'ThinPoolNotFound,*'
        }
    }

    Context 'a pool whose record cannot be written' {
        BeforeAll {
            # A regular file where the record directory's parent should be: lvm builds the whole
            # pool, then writing the record fails, and what lvm built must go again.
            $blocker = Join-Path $WorkDir 'not-a-directory'
            Set-Content -Path $blocker -Value 'x'
            $failure = { New-ThinPool -Name tplp-undone -VolumeGroup tplpundone -PhysicalDevice /dev/vdf `
                    -Path (Join-Path $blocker 'record') -Force -Confirm:$false -ErrorAction Stop }
        }

        It 'fails' {
            $failure | Should -Throw
        }

        It 'removes the volume group, its physical volume and the profile it made' {
            @(Get-LvmRow vgs vg_name | Where-Object vg_name -eq 'tplpundone') | Should -BeNullOrEmpty
            @(Get-LvmRow pvs pv_name | Where-Object pv_name -eq '/dev/vdf') | Should -BeNullOrEmpty
            Test-Path /etc/lvm/profile/tplp-undone.profile | Should -BeFalse
        }

        It 'leaves no device-mapper device behind' {
            @(& dmsetup ls 2>$null | Where-Object { $_ -like 'tplpundone-*' }) | Should -BeNullOrEmpty
        }

        It 'erased the filesystem as -Force asks' {
            "$(& blkid -o value -s TYPE /dev/vdf)" | Should -BeNullOrEmpty
        }
    }

    Context 'New-ThinPool -VolumeGroup -PhysicalDevice' {
        BeforeAll {
            $pool = New-ThinPool -Name $PoolName -VolumeGroup tplpvg -PhysicalDevice /dev/vdd `
                -Confirm:$false
            $lv = Get-LvmRow lvs 'lv_name,segtype,lv_profile,chunk_size' -Select tplpvg/thinpool
            $profile = Get-Content -Raw /etc/lvm/profile/tplp-pool.profile
            $table = Get-KernelTable $DmName
        }

        It 'creates an active pool in LVM mode' {
            $pool.Mode | Should -Be 'Lvm'
            $pool.State | Should -Be 'Active'
        }

        It 'names the pool device as lvm does (VG-LV)' {
            $pool.DeviceMapperName | Should -Be $DmName
            $pool.VolumeGroup | Should -Be 'tplpvg'
            $pool.LogicalVolume | Should -Be 'thinpool'
        }

        It 'makes a thin pool LV with the guide''s 512 KiB chunks' {
            $lv.segtype | Should -Be 'thin-pool'
            [long] $lv.chunk_size | Should -Be 512KB
            $pool.BlockSizeBytes | Should -Be 512KB
        }

        It 'writes and attaches the autoextend profile' {
            $lv.lv_profile | Should -Be 'tplp-pool'
            $profile | Should -Match 'thin_pool_autoextend_threshold\s*=\s*80'
            $profile | Should -Match 'thin_pool_autoextend_percent\s*=\s*20'
        }

        It 'loads a thin-pool table without block zeroing' {
            $table | Should -Match ' thin-pool '
            $table | Should -Match 'skip_block_zeroing'
        }

        It 'refuses a second volume group of the same name with LvmObjectExists' {
            { New-ThinPool -Name tplp-other -VolumeGroup tplpvg -PhysicalDevice /dev/vdf `
                    -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'LvmObjectExists,*'
        }

        It 'refuses a device that does not exist with DeviceNotFound' {
            { New-ThinPool -Name tplp-other -VolumeGroup tplpnone -PhysicalDevice /dev/vdz `
                    -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'DeviceNotFound,*'
        }

        It 'says LvmNotInstalled when lvm cannot be started' {
            $path = $env:PATH
            try {
                $env:PATH = '/nonexistent'
                { New-ThinPool -Name tplp-other -VolumeGroup tplpnone -PhysicalDevice /dev/vdf `
                        -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'LvmNotInstalled,*'
            }
            finally {
                $env:PATH = $path
            }
        }
    }

    Context 'volumes and snapshots in the LVM pool' {
        BeforeAll {
            $null = New-ThinVolume -Pool $PoolName -Name base -Size 64MB -Confirm:$false
            $origin = Mount-ThinVolume -Pool $PoolName -Name base -Confirm:$false
            $script:Seed = Join-Path $WorkDir 'seed'
            $null = Invoke-Dd "if=/dev/urandom", "of=$Seed", 'bs=1M', 'count=4'
            $write = Invoke-Dd "if=$Seed", "of=$($origin.DevicePath)", 'bs=1M'
            $null = New-ThinSnapshot -Pool $PoolName -Origin base -Name snap -Confirm:$false
            $snapshot = Mount-ThinVolume -Pool $PoolName -Name snap -Confirm:$false
            $null = Invoke-Dd "if=/dev/zero", "of=$($origin.DevicePath)", 'bs=1M', 'count=1'
            $script:OriginHash = Get-RangeHash $origin.DevicePath -Length 4MB
            $script:SnapshotHash = Get-RangeHash $snapshot.DevicePath -Length 4MB
            $kernel = "$(& dmsetup status $DmName)" -split ' '
            $status = Get-ThinPoolStatus -Name $PoolName
        }

        It 'activates volumes as /dev/mapper/VG-LV-VOLUME' {
            $origin.DevicePath | Should -Be "/dev/mapper/$DmName-base"
            $origin.DeviceMapperName | Should -Be "$DmName-base"
            $write.ExitCode | Should -Be 0 -Because $write.Output
        }

        It 'keeps the data written before the snapshot in the snapshot' {
            $SnapshotHash | Should -Be (Get-RangeHash $Seed -Length 4MB)
        }

        It 'lets the origin diverge from its snapshot' {
            $OriginHash | Should -Not -Be $SnapshotHash
        }

        It 'moves the kernel''s transaction id with each change, as the record does' {
            [ulong] $kernel[3] | Should -BeGreaterThan 0
            $status.TransactionId | Should -Be ([ulong] $kernel[3])
        }
    }

    Context 'Get-ThinPoolStatus on an LVM pool' {
        BeforeAll {
            $status = Get-ThinPoolStatus -Name $PoolName
            $vg = Get-LvmRow vgs 'vg_free' -Select tplpvg
            $lv = Get-LvmRow lvs 'lv_size,seg_monitor' -Select tplpvg/thinpool
        }

        It 'reports the LVM mode, volume group and logical volume' {
            $status.Mode | Should -Be 'Lvm'
            $status.VolumeGroup | Should -Be 'tplpvg'
            $status.LogicalVolume | Should -Be 'thinpool'
            $status.PhysicalDevices | Should -Be @('/dev/vdd')
        }

        It 'reports the volume group''s free space as vgs does' {
            $status.VolumeGroupFreeBytes | Should -Be ([long] $vg.vg_free)
        }

        It 'reports the data size lvm gave the pool' {
            $status.DataTotalBytes | Should -Be ([long] $lv.lv_size)
        }

        It 'reports the autoextend settings in force and their profile' {
            $status.AutoExtendThresholdPercent | Should -Be 80
            $status.AutoExtendPercent | Should -Be 20
            $status.AutoExtendProfile | Should -Be 'tplp-pool'
        }

        It 'reports monitoring as lvs does' {
            $status.Monitored | Should -Be ($lv.seg_monitor -eq 'monitored')
            $status.AutoExtendActive | Should -Be ($lv.seg_monitor -eq 'monitored')
        }
    }

    Context 'Resize-ThinPool on an LVM pool' {
        BeforeAll {
            $before = Get-ThinPoolStatus -Name $PoolName
            $grownData = Resize-ThinPool -Name $PoolName -DataSize ($before.DataTotalBytes + 8MB) `
                -Confirm:$false -PassThru
            $grownMetadata = Resize-ThinPool -Name $PoolName -MetadataSize ($before.MetadataTotalBytes + 4MB) `
                -Confirm:$false -PassThru
            $maximum = Resize-ThinPool -Name $PoolName -UseMaximumSize -Confirm:$false -PassThru
            $vgFree = (Get-LvmRow vgs 'vg_free' -Select tplpvg).vg_free
            $added = Resize-ThinPool -Name $PoolName -AddPhysicalDevice /dev/vde -Confirm:$false -PassThru
            $tableLength = [long] ((Get-KernelTable $DmName) -split ' ')[1]
            $pvs = @(Get-LvmRow pvs 'pv_name,vg_name' | Where-Object vg_name -eq 'tplpvg' |
                ForEach-Object pv_name | Sort-Object)
        }

        It 'grows the data by a size with lvextend' {
            $grownData.DataSizeBytes | Should -BeGreaterOrEqual ($before.DataTotalBytes + 8MB)
        }

        It 'grows the metadata by a size' {
            $grownMetadata.MetadataSizeBytes | Should -BeGreaterOrEqual ($before.MetadataTotalBytes + 4MB)
        }

        It 'grows the data over every free extent with -UseMaximumSize' {
            $maximum.DataSizeBytes | Should -BeGreaterThan $grownMetadata.DataSizeBytes
            [long] $vgFree | Should -Be 0
        }

        It 'refuses -UseMaximumSize and -MetadataSize with VolumeGroupFull when nothing is free' {
            { Resize-ThinPool -Name $PoolName -UseMaximumSize -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'VolumeGroupFull,*'
            { Resize-ThinPool -Name $PoolName -MetadataSize ($grownMetadata.MetadataSizeBytes + 4MB) `
                    -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'VolumeGroupFull,*'
        }

        It 'adds a physical device and grows the data over it' {
            $pvs | Should -Be @('/dev/vdd', '/dev/vde')
            $added.DataSizeBytes | Should -BeGreaterThan ($maximum.DataSizeBytes + 900MB)
        }

        It 'reloads the kernel table to the new size' {
            $tableLength * 512 | Should -Be $added.DataSizeBytes
        }

        It 'refuses a device that is a physical volume already with DeviceIsPhysicalVolume' {
            { Resize-ThinPool -Name $PoolName -AddPhysicalDevice /dev/vde -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'DeviceIsPhysicalVolume,*'
        }

        It 'reports LvmCommandFailed for a device lvm refuses, and takes nothing in' {
            { Resize-ThinPool -Name $PoolName -AddPhysicalDevice /dev/vdg -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'LvmCommandFailed,*'
            @(Get-LvmRow pvs pv_name | Where-Object pv_name -eq '/dev/vdg') | Should -BeNullOrEmpty
            (Get-ThinPool -Name $PoolName).DataSizeBytes | Should -Be $added.DataSizeBytes
        }

        It 'keeps the volumes'' data' {
            Get-RangeHash "/dev/mapper/$DmName-snap" -Length 4MB | Should -Be $SnapshotHash
        }
    }

    Context 'Dismount-ThinPool and Mount-ThinPool on an LVM pool' {
        BeforeAll {
            $inactive = Dismount-ThinPool -Name $PoolName -Confirm:$false -PassThru
            $active = (Get-LvmRow lvs 'lv_active' -Select tplpvg/thinpool).lv_active
            $tableWhenInactive = Get-KernelTable $DmName
            $listed = Get-ThinPool -Name $PoolName
            $statusError = try { Get-ThinPoolStatus -Name $PoolName -ErrorAction Stop } catch { $_ }
            $mounted = Mount-ThinPool -Name $PoolName -Confirm:$false -PassThru
            $volumes = @(Get-ThinVolume -Pool $PoolName | ForEach-Object Name | Sort-Object)
            $snapshot = Mount-ThinVolume -Pool $PoolName -Name snap -Confirm:$false
        }

        It 'deactivates the pool LV with lvm' {
            $inactive.State | Should -Be 'Inactive'
            $active | Should -Not -Be 'active'
            $tableWhenInactive | Should -BeNullOrEmpty
        }

        It 'still lists the inactive pool, with the sizes lvm reports' {
            $listed.State | Should -Be 'Inactive'
            $listed.DataSizeBytes | Should -BeGreaterThan 0
        }

        It 'refuses status of the inactive pool with ThinPoolNotActive' {
            $statusError.FullyQualifiedErrorId | Should -BeLike 'ThinPoolNotActive,*'
        }

        It 'activates it again with lvm, thin devices and transaction id intact' {
            $mounted.State | Should -Be 'Active'
            $volumes | Should -Be @('base', 'snap')
            Get-RangeHash $snapshot.DevicePath -Length 4MB | Should -Be $SnapshotHash
        }
    }

    Context 'ConvertTo-ThinPoolDaemonConfig for an LVM pool' {
        It 'names the pool device lvm made in dm.thinpooldev' {
            $config = Get-ThinPool -Name $PoolName | ConvertTo-ThinPoolDaemonConfig -For Docker
            $config.Text | Should -Match "dm\.thinpooldev=/dev/mapper/$DmName"
        }
    }

    Context 'adopting an LVM pool' {
        BeforeAll {
            $recordDirectory = (Get-ThinPool -Name $PoolName).Path
            Remove-ThinPool -Name $PoolName -Confirm:$false
            $kept = Get-LvmRow lvs 'lv_name' -Select tplpvg/thinpool
        }

        It 'leaves the LV to lvm when the pool is only forgotten' {
            $kept.lv_name | Should -Be 'thinpool'
        }

        It 'refuses a pool with data in use with LvmThinPoolInUse' {
            { New-ThinPool -Name tplp-adopted -ThinPoolDevice "/dev/mapper/$DmName" -Confirm:$false `
                    -ErrorAction Stop } | Should -Throw -ErrorId 'LvmThinPoolInUse,*'
            { New-ThinPool -Name tplp-adopted -VolumeGroup tplpvg -LogicalVolume thinpool -Confirm:$false `
                    -ErrorAction Stop } | Should -Throw -ErrorId 'LvmThinPoolInUse,*'
        }

        It 'leaves a refused pool as inactive as it found it' {
            (Get-LvmRow lvs 'lv_active' -Select tplpvg/thinpool).lv_active | Should -Not -Be 'active'
        }

        It 'refuses a logical volume that is no thin pool with LvmThinPoolNotFound' {
            { New-ThinPool -Name tplp-adopted -VolumeGroup tplpvg -LogicalVolume nosuch -Confirm:$false `
                    -ErrorAction Stop } | Should -Throw -ErrorId 'LvmThinPoolNotFound,*'
        }

        It 'adopts the pool''s own record with Get-ThinPool -Path, volumes and all' {
            $adopted = Get-ThinPool -Path $recordDirectory
            $adopted.Name | Should -Be $PoolName
            $null = Mount-ThinPool -Name $PoolName -Confirm:$false
            @(Get-ThinVolume -Pool $PoolName | ForEach-Object Name | Sort-Object) | Should -Be @('base', 'snap')
        }

        It 'adopts the pool in use with -Force' {
            $forced = New-ThinPool -Name tplp-adopted -VolumeGroup tplpvg -LogicalVolume thinpool `
                -Force -Confirm:$false
            $forced.Mode | Should -Be 'Lvm'
            $forced.VolumeCount | Should -Be 0
            # Two records of one LV: forget this one without touching the LV or its devices.
            $env:THINPOOL_REGISTRY | Should -Not -BeNullOrEmpty
            Remove-Item (Join-Path $env:THINPOOL_REGISTRY 'tplp-adopted.json')
        }
    }

    Context 'Remove-ThinPool -DeleteFiles on an LVM pool' {
        BeforeAll {
            $recordDirectory = (Get-ThinPool -Name $PoolName).Path
            Remove-ThinPool -Name $PoolName -DeleteFiles -Confirm:$false
        }

        It 'removes the pool LV, its volume group and its physical volumes' {
            @(Get-LvmRow vgs vg_name | Where-Object vg_name -eq 'tplpvg') | Should -BeNullOrEmpty
            @(Get-LvmRow pvs pv_name | Where-Object pv_name -in '/dev/vdd', '/dev/vde') | Should -BeNullOrEmpty
        }

        It 'removes the profile and every device of the pool' {
            Test-Path /etc/lvm/profile/tplp-pool.profile | Should -BeFalse
            @(& dmsetup ls 2>$null | Where-Object { $_ -like 'tplpvg-*' }) | Should -BeNullOrEmpty
        }

        It 'removes the pool record' {
            Test-Path $recordDirectory | Should -BeFalse
            { Get-ThinPool -Name $PoolName -ErrorAction Stop } | Should -Throw -ErrorId 'ThinPoolNotFound,*'
        }
    }
}
