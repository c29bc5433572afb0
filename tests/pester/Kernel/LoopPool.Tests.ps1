# The cmdlets over the real kernel, loop mode: run as root in the dm-vm VM.

BeforeAll {
    . (Join-Path $PSScriptRoot 'KernelHelpers.ps1')
    Clear-KernelTestDevice
}

AfterAll {
    Clear-KernelTestDevice
}

Describe 'Loop pool: volume, snapshot of a mounted origin, divergence' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'loop'
        $pool = New-KernelPool 'loop' -DataSize 128MB
        $name = $pool.Name
        $null = New-ThinVolume -Pool $name -Name v1 -Size 32MB -Confirm:$false
        $origin = Mount-ThinVolume -Pool $name -Name v1 -Confirm:$false
        $seed = Join-Path $WorkDir 'seed'
        $null = Invoke-Dd "if=/dev/urandom", "of=$seed", 'bs=1M', 'count=4'
        $write = Invoke-Dd "if=$seed", "of=$($origin.DevicePath)", 'bs=1M'
        $snapshot = New-ThinSnapshot -Pool $name -Origin v1 -Name s1 -Confirm:$false
        $snapshotDevice = Mount-ThinVolume -Pool $name -Name s1 -Confirm:$false
        $diverge = Invoke-Dd "if=/dev/zero", "of=$($origin.DevicePath)", 'bs=1M', 'count=1'
        $status = Get-ThinPoolStatus -Name $name
        $kernel = ((& dmsetup status $name) -split ' ')
    }

    It 'activates the pool when created as root' {
        $pool.State | Should -Be 'Active'
    }

    It 'runs the pool in loop mode' {
        $pool.Mode | Should -Be 'Loop'
    }

    It 'makes the pool device node' {
        Test-Path "/dev/mapper/$name" | Should -BeTrue
    }

    It 'makes /dev/mapper/<pool>-<volume> for a mounted volume' {
        $origin.DevicePath | Should -Be "/dev/mapper/$name-v1"
    }

    It 'takes writes through the volume device' {
        $write.ExitCode | Should -Be 0 -Because $write.Output
    }

    It 'snapshots the mounted origin' {
        $snapshot.Origin | Should -Be 'v1'
    }

    It 'keeps the data written before the snapshot in the snapshot' {
        Get-RangeHash $snapshotDevice.DevicePath -Length 4MB |
            Should -Be (Get-RangeHash $seed -Length 4MB)
    }

    It 'lets the origin diverge from its snapshot' {
        Get-RangeHash $origin.DevicePath -Length 1MB |
            Should -Not -Be (Get-RangeHash $snapshotDevice.DevicePath -Length 1MB)
    }

    It 'leaves the rest of the origin shared and equal' {
        Get-RangeHash $origin.DevicePath -Offset 1MB -Length 3MB |
            Should -Be (Get-RangeHash $seed -Offset 1MB -Length 3MB)
    }

    It 'reports the kernel status: the transaction id of the pool' {
        $status.TransactionId | Should -Be ([ulong] $kernel[3])
    }

    It 'reports the kernel status: the used data blocks of the pool' {
        $status.DataUsedBytes | Should -Be (([long] ($kernel[5] -split '/')[0]) * 64KB)
    }

    It 'lists the mounted volume as mounted' {
        (Get-ThinVolume -Pool $name -Name v1).IsMounted | Should -BeTrue
    }
}

Describe 'Loop pool: live resize of data and metadata' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'resize'
        $name = (New-KernelPool 'resize' -DataSize 64MB -Options @{ MetadataSize = 4MB }).Name
        $null = New-ThinVolume -Pool $name -Name v1 -Size 256MB -Confirm:$false
        $volume = Mount-ThinVolume -Pool $name -Name v1 -Confirm:$false
        $null = Invoke-Dd "if=/dev/urandom", "of=$($volume.DevicePath)", 'bs=1M', 'count=8'
        Resize-ThinPool -Name $name -DataSize 192MB -MetadataSize 8MB -Confirm:$false
        $status = Get-ThinPoolStatus -Name $name
        $table = (& dmsetup table $name) -split ' '
        $after = Invoke-Dd "if=/dev/urandom", "of=$($volume.DevicePath)", 'bs=1M', 'count=8',
            'seek=100'
    }

    It 'grows the data the kernel sees' {
        $status.DataTotalBytes | Should -Be 192MB
    }

    It 'grows the pool table' {
        [long] $table[1] * 512 | Should -Be 192MB
    }

    It 'grows the metadata the kernel sees' {
        $status.MetadataTotalBytes | Should -Be 8MB
    }

    It 'grows the data file' {
        (Get-Item (Join-Path $WorkDir 'resize/data')).Length | Should -Be 192MB
    }

    It 'keeps the pool active' {
        $status.State | Should -Be 'Active'
    }

    It 'keeps the volume writable' {
        $after.ExitCode | Should -Be 0 -Because $after.Output
    }
}

Describe 'Loop pool: full with -WhenFull Error' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'full'
        $name = (New-KernelPool 'full' -DataSize 8MB -Options @{
                WhenFull = 'Error'; MinFreeSpacePercent = 0 }).Name
        $null = New-ThinVolume -Pool $name -Name v1 -Size 64MB -Confirm:$false
        $volume = Mount-ThinVolume -Pool $name -Name v1 -Confirm:$false
        $full = Invoke-Dd "if=/dev/urandom", "of=$($volume.DevicePath)", 'bs=1M', 'count=12'
        $fullStatus = Get-ThinPoolStatus -Name $name -WarningAction SilentlyContinue
        Resize-ThinPool -Name $name -DataSize 32MB -Confirm:$false
        $recovered = Invoke-Dd "if=/dev/urandom", "of=$($volume.DevicePath)", 'bs=1M',
            'count=12'
        $status = Get-ThinPoolStatus -Name $name -WarningAction SilentlyContinue
    }

    It 'fails the write that does not fit' {
        $full.ExitCode | Should -Not -Be 0
    }

    It 'fails it with ENOSPC' {
        $full.Output | Should -Match 'No space left'
    }

    It 'reports the pool unhealthy' {
        $fullStatus.Health | Should -Be 'Unhealthy'
    }

    It 'says the pool is out of data space' {
        $fullStatus.HealthReasons -join ' ' | Should -Match 'out of data space'
    }

    It 'takes the same write after Resize-ThinPool' {
        $recovered.ExitCode | Should -Be 0 -Because $recovered.Output
    }

    It 'reports the pool out of trouble after the resize' {
        $status.HealthReasons -join ' ' | Should -Not -Match 'out of data space'
    }
}

Describe 'Loop pool: -AutoExtend on a live pool' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'autoextend'
        $busy = (New-KernelPool 'busy' -DataSize 16MB -Options @{ MinFreeSpacePercent = 0 }).Name
        $idle = (New-KernelPool 'idle' -DataSize 16MB).Name
        $null = New-ThinVolume -Pool $busy -Name v1 -Size 64MB -Confirm:$false
        $volume = Mount-ThinVolume -Pool $busy -Name v1 -Confirm:$false
        $null = Invoke-Dd "if=/dev/urandom", "of=$($volume.DevicePath)", 'bs=1M', 'count=14'
        $grown = Resize-ThinPool -Name $busy -AutoExtend -ThresholdPercent 80 -ExtendPercent 50 `
            -PassThru -Confirm:$false
        $same = Resize-ThinPool -Name $idle -AutoExtend -PassThru -Confirm:$false
    }

    It 'grows a pool whose use crossed the threshold' {
        $grown.DataSizeBytes | Should -Be 24MB
    }

    It 'grows it in the kernel' {
        (Get-ThinPoolStatus -Name $busy -WarningAction SilentlyContinue).DataTotalBytes |
            Should -Be 24MB
    }

    It 'leaves a pool below the threshold alone' {
        $same.DataSizeBytes | Should -Be 16MB
    }
}
