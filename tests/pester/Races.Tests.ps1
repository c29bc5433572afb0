# Two processes work one offline pool at once for a bounded time: creating, importing,
# snapshotting and removing volumes. Afterwards nothing may be lost or half done, and the
# only error either may see is the documented lock timeout (ThinPoolLocked).

Describe 'Two processes on one pool' -Tag 'Races' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp -DataSize 256MB -MinFreeSpacePercent 0
        $worker = Join-Path $TestRoot 'worker.ps1'
        Set-Content -Path $worker -Value @'
param($Module, $Registry, $Tag, $Seconds, $Log, $Seed)
$ErrorActionPreference = 'Stop'
$env:THINPOOL_REGISTRY = $Registry
# Short waits, so that some calls must give way and report it.
$env:THINPOOL_LOCK_TIMEOUT = '0.2'
Import-Module $Module
$random = [Random]::new($Seed)
$mine = [Collections.Generic.List[string]]::new()
$end = [DateTime]::UtcNow.AddSeconds($Seconds)
$n = 0
while ([DateTime]::UtcNow -lt $end) {
    $n++
    $roll = $random.Next(100)
    $entry = @{ Op = ''; Name = ''; Origin = $null; Image = $null; ErrorId = $null }
    try {
        if ($roll -lt 30 -or $mine.Count -eq 0) {
            $entry.Op = 'create'; $entry.Name = "$Tag-v$n"
            New-ThinVolume -Pool tp -Name $entry.Name -Size 128KB | Out-Null
        }
        elseif ($roll -lt 55) {
            $entry.Op = 'import'; $entry.Name = "$Tag-i$n"
            $entry.Image = Join-Path (Split-Path $Log) "$($entry.Name).img"
            $bytes = [byte[]]::new(128KB)
            $random.NextBytes($bytes)
            [IO.File]::WriteAllBytes($entry.Image, $bytes)
            Import-ThinVolume -Pool tp -Name $entry.Name -Path $entry.Image | Out-Null
        }
        elseif ($roll -lt 80) {
            $entry.Op = 'snapshot'; $entry.Name = "$Tag-s$n"
            $entry.Origin = $mine[$random.Next($mine.Count)]
            New-ThinSnapshot -Pool tp -Origin $entry.Origin -Name $entry.Name | Out-Null
        }
        else {
            $entry.Op = 'remove'; $entry.Name = $mine[$random.Next($mine.Count)]
            Remove-ThinVolume -Pool tp -Name $entry.Name -Confirm:$false
        }

        if ($entry.Op -eq 'remove') { $null = $mine.Remove($entry.Name) } else { $mine.Add($entry.Name) }
    }
    catch {
        $entry.ErrorId = ($_.FullyQualifiedErrorId -split ',')[0]
    }

    Add-Content -Path $Log -Value ($entry | ConvertTo-Json -Compress)
}
'@
        # This pwsh, also when it runs as a dotnet tool (dotnet pwsh.dll).
        $pwsh = (Get-Process -Id $PID).Path
        $launch = @()
        if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') {
            $launch = @([Reflection.Assembly]::GetEntryAssembly().Location)
        }
        $module = Join-Path $PSScriptRoot '../../ThinPool.psd1'
        $workers = foreach ($tag in 'a', 'b') {
            $log = Join-Path $TestRoot "$tag.log"
            $argsList = $launch + @('-NoLogo', '-NoProfile', '-NonInteractive', '-File', $worker, $module,
                $env:THINPOOL_REGISTRY, $tag, 6, $log, [int][char]$tag)
            [pscustomobject] @{
                Log = $log
                Process = Start-Process -FilePath $pwsh -ArgumentList $argsList -PassThru `
                    -RedirectStandardError (Join-Path $TestRoot "$tag.err") `
                    -RedirectStandardOutput (Join-Path $TestRoot "$tag.out")
            }
        }
        $workers.Process | Wait-Process -Timeout 90
        $entries = @($workers | ForEach-Object { Get-Content $_.Log } | ForEach-Object { $_ | ConvertFrom-Json })

        # What each surviving name must hold: an imported image, zeros, or its origin's bytes.
        $expected = @{}
        foreach ($e in $entries | Where-Object { -not $_.ErrorId }) {
            switch ($e.Op) {
                'create' { $expected[$e.Name] = 'zeros' }
                'import' { $expected[$e.Name] = $e.Image }
                'snapshot' { $expected[$e.Name] = $expected[$e.Origin] }
                'remove' { $expected.Remove($e.Name) }
            }
        }
        $present = @(Get-ThinVolume -Pool tp | ForEach-Object Name)
        $done = @($entries | Where-Object { -not $_.ErrorId }).Count
        $waited = @($entries | Where-Object ErrorId -eq 'ThinPoolLocked').Count
        Write-Host "races: $done operations done, $waited gave way with ThinPoolLocked, $($present.Count) volumes"
        $refused = @($entries | Where-Object { $_.ErrorId -and $_.Op -ne 'remove' } | ForEach-Object Name)
    }

    AfterAll {
        $workers.Process | Where-Object { -not $_.HasExited } | Stop-Process -Force
    }

    It 'lets both processes finish' {
        @($workers.Process | Where-Object { $_.HasExited -and $_.ExitCode -eq 0 }).Count | Should -Be 2
    }

    It 'gets work done in both processes' {
        @($entries | Where-Object { -not $_.ErrorId } | ForEach-Object { $_.Name.Substring(0, 1) } |
            Sort-Object -Unique) -join ',' | Should -Be 'a,b'
    }

    It 'reports no error but the lock timeout' {
        @($entries | Where-Object { $_.ErrorId -and $_.ErrorId -ne 'ThinPoolLocked' }).ErrorId |
            Should -BeNullOrEmpty
    }

    It 'keeps every name created and not removed, and no other' {
        ($present | Sort-Object) -join ',' | Should -Be (($expected.Keys | Sort-Object) -join ',')
    }

    It 'leaves no trace of a refused call' {
        @($refused | Where-Object { $_ -in $present }) | Should -BeNullOrEmpty
    }

    It 'maps every name to its own data' {
        $wrong = foreach ($name in $expected.Keys) {
            $out = Join-Path $TestRoot "$name.out.img"
            Export-ThinVolume -Pool tp -Name $name -Path $out | Out-Null
            $want = if ($expected[$name] -eq 'zeros') { [byte[]]::new(128KB) }
                    else { [IO.File]::ReadAllBytes($expected[$name]) }
            if ((Get-FileHashText $out) -ne ([BitConverter]::ToString(
                    [Security.Cryptography.SHA256]::HashData($want)) -replace '-', '')) { $name }
        }
        $wrong | Should -BeNullOrEmpty
    }

    It 'leaves the pool clean by Test-ThinPool' {
        (Test-ThinPool -Name tp).IsClean | Should -BeTrue
    }

    It 'leaves metadata that thin_check accepts' -Skip:(-not (Test-Path /usr/sbin/thin_check)) {
        & /usr/sbin/thin_check $pool.MetadataFile 2>&1 | Out-Null
        $LASTEXITCODE | Should -Be 0
    }
}

Describe 'A process killed in the middle of an operation' -Tag 'Races' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-TestRegistry
        $pool = New-TestPool -Name tp -DataSize 256MB -MinFreeSpacePercent 0
        $worker = Join-Path $TestRoot 'importer.ps1'
        Set-Content -Path $worker -Value @'
param($Module, $Registry, $Log)
$ErrorActionPreference = 'Stop'
$env:THINPOOL_REGISTRY = $Registry
Import-Module $Module
$random = [Random]::new(11)
for ($n = 1; ; $n++) {
    $image = Join-Path (Split-Path $Log) "k-v$n.img"
    $bytes = [byte[]]::new(1MB)
    $random.NextBytes($bytes)
    [IO.File]::WriteAllBytes($image, $bytes)
    Add-Content -Path $Log -Value "start k-v$n"
    Import-ThinVolume -Pool tp -Name "k-v$n" -Path $image | Out-Null
    Add-Content -Path $Log -Value "done k-v$n"
}
'@
        $exe = (Get-Process -Id $PID).Path
        $launch = @()
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
            $launch = @([Reflection.Assembly]::GetEntryAssembly().Location)
        }
        $log = Join-Path $TestRoot 'importer.log'
        $process = Start-Process -FilePath $exe -PassThru -ArgumentList ($launch + @('-NoLogo',
            '-NoProfile', '-NonInteractive', '-File', $worker,
            (Join-Path $PSScriptRoot '../../ThinPool.psd1'), $env:THINPOOL_REGISTRY, $log))

        # Let a few imports complete, then kill (SIGKILL) at a moment inside the next ones.
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline -and
               @(Get-Content $log -ErrorAction Ignore | Where-Object { $_ -like 'done *' }).Count -lt 1) {
            Start-Sleep -Milliseconds 50
        }
        Start-Sleep -Milliseconds (Get-Random -Minimum 0 -Maximum 400)
        $process.Kill()
        $process.WaitForExit()
        $started = @(Get-Content $log | Where-Object { $_ -like 'start *' } | ForEach-Object { $_.Substring(6) })
        $last = $started[-1]

        # Run the interrupted command again, as a user would.
        $rerun = try {
            Import-ThinVolume -Pool tp -Name $last -Path (Join-Path $TestRoot "$last.img") -ErrorAction Stop |
                Out-Null
            'done'
        }
        catch {
            ($_.FullyQualifiedErrorId -split ',')[0]
        }
    }

    AfterAll {
        if (-not $process.HasExited) { $process.Kill() }
    }

    It 'completes the interrupted command when it is run again' {
        $rerun | Should -Be 'done'
    }

    It 'holds every volume whose import was started, and no other' {
        (Get-ThinVolume -Pool tp | ForEach-Object Name | Sort-Object) -join ',' |
            Should -Be (($started | Sort-Object) -join ',')
    }

    It 'gives every volume exactly the bytes of its image' {
        $wrong = foreach ($name in $started) {
            $out = Join-Path $TestRoot "$name.out"
            Export-ThinVolume -Pool tp -Name $name -Path $out | Out-Null
            if ((Get-FileHashText $out) -ne (Get-FileHashText (Join-Path $TestRoot "$name.img"))) { $name }
        }
        $wrong | Should -BeNullOrEmpty
    }

    It 'leaves the pool clean by Test-ThinPool' {
        (Test-ThinPool -Name tp).IsClean | Should -BeTrue
    }

    It 'leaves metadata that thin_check accepts' -Skip:(-not (Test-Path /usr/sbin/thin_check)) {
        & /usr/sbin/thin_check $pool.MetadataFile 2>&1 | Out-Null
        $LASTEXITCODE | Should -Be 0
    }
}
