# A process killed (SIGKILL) in the middle of live operations on a loop pool, then the
# interrupted command run again, as an operator would: run as root in the dm-vm VM.

BeforeAll {
    . (Join-Path $PSScriptRoot 'KernelHelpers.ps1')
    Clear-KernelTestDevice
}

AfterAll {
    Clear-KernelTestDevice
}

Describe 'Live operations killed mid-way converge when run again' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'kill'
        $pool = New-KernelPool 'kill' -DataSize 64MB -Options @{ MinFreeSpacePercent = 0 }
        $name = $pool.Name

        # The worker runs one live command after another, each logged before it starts and
        # after it ends, as a line the parent can run again.
        $worker = Join-Path $WorkDir 'worker.ps1'
        Set-Content -Path $worker -Value @'
param($Module, $Registry, $Pool, $Round, $Log)
$ErrorActionPreference = 'Stop'
$env:THINPOOL_REGISTRY = $Registry
Import-Module $Module
for ($i = 1; ; $i++) {
    $v = "r${Round}v$i"
    $grown = (Get-ThinPool -Name $Pool).DataSizeBytes + 4MB
    foreach ($step in @(
            "New-ThinVolume -Pool '$Pool' -Name $v -Size 16MB -Confirm:`$false"
            "Mount-ThinVolume -Pool '$Pool' -Name $v -Confirm:`$false"
            "New-ThinSnapshot -Pool '$Pool' -Origin $v -Name $v-snap -Confirm:`$false"
            "Resize-ThinPool -Name '$Pool' -DataSize $grown -Confirm:`$false"
            "Dismount-ThinVolume -Pool '$Pool' -Name $v -Confirm:`$false"
            "Remove-ThinVolume -Pool '$Pool' -Name $v -Confirm:`$false")) {
        Add-Content -Path $Log -Value "start $step"
        Invoke-Expression $step | Out-Null
        Add-Content -Path $Log -Value 'done'
    }
}
'@
        # THINPOOL_KILL_ROUNDS runs more rounds, for a longer hunt than CI's.
        $count = if ($env:THINPOOL_KILL_ROUNDS) { [int] $env:THINPOOL_KILL_ROUNDS } else { 4 }
        $random = [Random]::new(23 + $count)
        $rounds = foreach ($round in 1..$count) {
            $log = Join-Path $WorkDir "worker-$round.log"
            $process = Start-PwshWorker $worker @($name, $round, $log)
            # Let 1 to 6 commands finish; once the next one has started, kill at a moment
            # inside it (or, now and then, just after it).
            $wanted = $random.Next(1, 7)
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
                $seen = @(Get-Content $log -ErrorAction Ignore)
                if (@($seen | Where-Object { $_ -eq 'done' }).Count -ge $wanted -and $seen[-1] -like 'start *') {
                    break
                }

                Start-Sleep -Milliseconds 10
            }

            Start-Sleep -Milliseconds ($random.Next(0, 150))
            $alive = -not $process.HasExited
            if ($alive) { $process.Kill() }
            $process.WaitForExit()
            $lines = @(Get-Content $log)
            $last = @($lines | Where-Object { $_ -like 'start *' })[-1].Substring(6)

            # Run the interrupted command again. A create that had completed says so.
            $outcome = try {
                Invoke-Expression $last -ErrorAction Stop | Out-Null
                'done'
            }
            catch {
                ($_.FullyQualifiedErrorId -split ',')[0]
            }

            [pscustomobject] @{
                Round     = $round
                Killed    = $alive
                MidStep   = $lines[-1] -ne 'done'
                Command   = $last
                Outcome   = $outcome
            }
        }

        # What each round interrupted, for the log.
        $rounds | Format-Table -AutoSize | Out-String -Width 200 | Write-Host

        $kernel = "$(& dmsetup status $name)" -split ' '
        $status = Get-ThinPoolStatus -Name $name
        $volumes = @(Get-ThinVolume -Pool $name)
        $devices = @(& dmsetup ls 2>$null | ForEach-Object { ($_ -split '\s+')[0] } |
            Where-Object { $_ -like "$name*" })
        $suspended = @(foreach ($device in $devices) {
                if ("$(& dmsetup info -c --noheadings -o attr $device)" -match 's') { $device }
            })
        $loops = @(foreach ($file in $pool.DataFile, $pool.MetadataFile) { & losetup -j $file })
        $dismounted = Dismount-ThinPool -Name $name -Confirm:$false -PassThru
        $check = Test-ThinPool -Name $name
        $thinCheck = Invoke-ThinCheck $pool.MetadataFile
        [xml] $dump = Export-ThinPoolMetadata -Name $name
        $remounted = Mount-ThinPool -Name $name -Confirm:$false -PassThru
    }

    It 'killed the worker while it ran, every round' {
        @($rounds | Where-Object { -not $_.Killed }) | Should -BeNullOrEmpty
    }

    It 'landed kills inside a command, not only between two' {
        @($rounds | Where-Object MidStep).Count | Should -BeGreaterThan 0
    }

    It 'completes the interrupted command when it is run again, or says it was done' {
        # A create or remove that had reached the kernel is finished by the next command that
        # opens the pool; its re-run then finds the name there, or gone.
        $wrong = @($rounds | Where-Object {
                $_.Outcome -ne 'done' -and -not ($_.Command -like 'New-*' -and $_.Outcome -eq 'ThinVolumeExists') -and
                -not ($_.Command -like 'Remove-*' -and $_.Outcome -eq 'ThinVolumeNotFound')
            } | ForEach-Object { "$($_.Command) -> $($_.Outcome)" })
        $wrong | Should -BeNullOrEmpty
    }

    It 'leaves the names and the kernel at the same transaction' {
        $status.TransactionId | Should -Be ([ulong] $kernel[3])
    }

    It 'leaves no device suspended' {
        $suspended | Should -BeNullOrEmpty
    }

    It 'leaves one loop on each pool file, none leaked' {
        $loops.Count | Should -Be 2
    }

    It 'leaves no device-mapper device that is not the pool or a named volume' {
        $known = @($name) + @($volumes | ForEach-Object { $_.DeviceMapperName })
        @($devices | Where-Object { $_ -notin $known }) | Should -BeNullOrEmpty
    }

    It 'leaves exactly the named thin devices in the metadata, no orphan' {
        $inMetadata = @($dump.superblock.device | ForEach-Object { [ulong] $_.dev_id } | Sort-Object)
        $named = @($volumes | ForEach-Object DeviceId | Sort-Object)
        $inMetadata -join ',' | Should -Be ($named -join ',')
    }

    It 'leaves metadata that Test-ThinPool and thin_check accept' {
        $dismounted.State | Should -Be 'Inactive'
        $check.IsClean | Should -BeTrue
        $thinCheck.ExitCode | Should -Be 0 -Because $thinCheck.Output
    }

    It 'activates again afterwards' {
        $remounted.State | Should -Be 'Active'
    }
}

Describe 'New-ThinPool killed mid-way converges when run again' -Tag Kernel {
    BeforeAll {
        Initialize-KernelTest 'kill-create'
        $worker = Join-Path $WorkDir 'create.ps1'
        Set-Content -Path $worker -Value @'
param($Module, $Registry, $CommandFile, $Log)
$ErrorActionPreference = 'Stop'
$env:THINPOOL_REGISTRY = $Registry
Import-Module $Module
$Command = Get-Content -Raw $CommandFile
Add-Content -Path $Log -Value "start"
Invoke-Expression $Command | Out-Null
Add-Content -Path $Log -Value 'done'
'@
        # Each round kills at a later phase: when the creation marker appears (files about to
        # be made), when the metadata is being written, when a loop holds the data file.
        $phases = @(
            { param($d) Test-Path (Join-Path $d 'pool.creating') }
            { param($d) (Get-Item (Join-Path $d 'metadata') -ErrorAction Ignore).Length -gt 0 }
            { param($d) [bool] "$(& losetup -j (Join-Path $d 'data') 2>$null)" }
        )
        $rounds = foreach ($round in 1..3) {
            $name = "create$round$Suffix"
            $directory = Join-Path $WorkDir "create$round"
            $command = "New-ThinPool -Name '$name' -Path '$directory' -DataSize 256MB -Confirm:`$false"
            $log = Join-Path $WorkDir "create-$round.log"
            $commandFile = Join-Path $WorkDir "create-$round.ps1"
            Set-Content -Path $commandFile -Value $command
            $process = Start-PwshWorker $worker @($commandFile, $log)
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited -and
                   -not (& $phases[$round - 1] $directory)) {
                Start-Sleep -Milliseconds 5
            }

            $alive = -not $process.HasExited
            if ($alive) { $process.Kill() }
            $process.WaitForExit()
            $midStep = @(Get-Content $log -ErrorAction Ignore) -notcontains 'done'
            $files = @(Get-ChildItem -Path $directory -ErrorAction Ignore | ForEach-Object Name)

            $outcome = try {
                Invoke-Expression $command -ErrorAction Stop | Out-Null
                'done'
            }
            catch {
                ($_.FullyQualifiedErrorId -split ',')[0]
            }

            $pool = Get-ThinPool -Name $name -ErrorAction SilentlyContinue
            $loops = @(foreach ($file in 'data', 'metadata') { & losetup -j (Join-Path $directory $file) })
            $devices = @(& dmsetup ls 2>$null | ForEach-Object { ($_ -split '\s+')[0] } |
                Where-Object { $_ -like "create$round*" })
            $check = if ($pool) {
                Dismount-ThinPool -Name $name -Confirm:$false
                (Test-ThinPool -Name $name).IsClean
                Remove-ThinPool -Name $name -DeleteFiles -Confirm:$false
            }

            [pscustomobject] @{
                Round   = $round
                Killed  = $alive
                MidStep = $midStep
                Left    = $files -join ','
                Outcome = $outcome
                State   = $pool.State
                Loops   = $loops.Count
                Devices = $devices -join ','
                Clean   = $check
            }
        }
    }

    AfterAll {
        $rounds | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    }

    It 'killed New-ThinPool while it ran, inside the command, with files made' {
        @($rounds | Where-Object Killed).Count | Should -Be 3
        @($rounds | Where-Object MidStep).Count | Should -Be 3 -Because ($rounds | Out-String)
        @($rounds | Where-Object { $_.Left -split ',' -contains 'metadata' }).Count |
            Should -BeGreaterOrEqual 2 -Because ($rounds | Out-String)
    }

    It 'creates the pool when run again, or says it exists' {
        @($rounds | Where-Object { $_.Outcome -notin 'done', 'ThinPoolExists' }) |
            Should -BeNullOrEmpty -Because ($rounds | Out-String)
    }

    It 'ends with the pool active on one loop per file and one pool device' {
        foreach ($r in $rounds) {
            $r.State | Should -Be 'Active' -Because ($r | Out-String)
            $r.Loops | Should -Be 2 -Because ($r | Out-String)
            $r.Devices | Should -Be "create$($r.Round)$Suffix" -Because ($r | Out-String)
        }
    }

    It 'ends with metadata that Test-ThinPool accepts' {
        @($rounds | Where-Object { $_.Clean -ne $true }) | Should -BeNullOrEmpty -Because ($rounds | Out-String)
    }
}
