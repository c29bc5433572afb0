# Shared set-up for the cmdlet tests that need the real kernel (tag Kernel; run in the VM by
# tests/kernel/Invoke-KernelPester.ps1). Every pool is named NAME.tpkp, so its devices
# (NAME.tpkp, NAME.tpkp-VOLUME) and the loops on files under $KernelRoot can be swept before
# and after each file without touching anything else.

Import-Module (Join-Path $PSScriptRoot '../../../ThinPool.psd1') -Force

$script:KernelRoot = '/tmp/thinpool-kernel-pester'
$script:Suffix = '.tpkp'

function Clear-KernelTestDevice {
    # Volumes first (their names hold a '-' after the suffix), then pools, then loops.
    $names = @(& dmsetup ls 2>$null | ForEach-Object { ($_ -split '\s+')[0] } |
        Where-Object { $_ -like "*$Suffix*" })
    foreach ($name in ($names | Sort-Object { $_ -notlike "*$Suffix-*" })) {
        & dmsetup remove --retry -f $name 2>$null | Out-Null
    }

    foreach ($line in @(& losetup -l -n -O NAME,BACK-FILE 2>$null)) {
        $parts = "$line".Trim() -split '\s+', 2
        if ($parts.Count -eq 2 -and $parts[1] -like "$KernelRoot/*") {
            & losetup -d $parts[0] 2>$null
        }
    }
}

function Initialize-KernelTest {
    # A fresh registry and work directory for one Describe.
    param([string] $Name)

    $script:WorkDir = Join-Path $KernelRoot $Name
    if (Test-Path $WorkDir) { Remove-Item -Recurse -Force $WorkDir }
    New-Item -ItemType Directory -Path $WorkDir | Out-Null
    $env:THINPOOL_REGISTRY = Join-Path $WorkDir 'registry'
}

function New-KernelPool {
    param([string] $Stem, [long] $DataSize = 64MB, [hashtable] $Options = @{})

    New-ThinPool -Name ($Stem + $Suffix) -Path (Join-Path $WorkDir $Stem) -DataSize $DataSize `
        -Confirm:$false @Options
}

function Invoke-Dd {
    # dd with direct I/O to a device, so a write the pool refuses fails here rather than in
    # writeback (files under /tmp may be on tmpfs, which refuses O_DIRECT).
    param([string[]] $Arguments)

    [string[]] $direct = if ($Arguments -match '^of=/dev/') { 'oflag=direct' } else { @() }
    $output = & dd @Arguments @direct iflag=fullblock status=none 2>&1
    [pscustomobject] @{ ExitCode = $LASTEXITCODE; Output = "$output" }
}

function Get-RangeHash {
    # SHA-256 of $Length bytes of $Path at $Offset.
    param([string] $Path, [long] $Offset = 0, [long] $Length)

    $stream = [IO.File]::OpenRead($Path)
    try {
        $buffer = [byte[]]::new($Length)
        $stream.Position = $Offset
        $read = 0
        while ($read -lt $Length) {
            $n = $stream.Read($buffer, $read, $Length - $read)
            if ($n -le 0) { break }
            $read += $n
        }
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($buffer))
    }
    finally {
        $stream.Dispose()
    }
}

function Invoke-ThinCheck {
    # thin_check of a metadata file. It opens with O_DIRECT, which tmpfs (the VM's /tmp)
    # refuses, so it reads the file through a read-only loop device.
    param([string] $Path)

    $loop = "$(& losetup -f --show -r $Path)".Trim()
    try {
        $output = & thin_check $loop 2>&1
        [pscustomobject] @{ ExitCode = $LASTEXITCODE; Output = "$output" }
    }
    finally {
        & losetup -d $loop 2>$null
    }
}

function Start-PwshWorker {
    # Starts $Script in a new pwsh, the way this pwsh was started (the dotnet tool runs pwsh
    # as 'dotnet pwsh.dll'), with the module manifest and the registry as its first arguments.
    param([string] $Script, [string[]] $Arguments)

    $exe = (Get-Process -Id $PID).Path
    $launch = @()
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        $launch = @([Reflection.Assembly]::GetEntryAssembly().Location)
    }

    Start-Process -FilePath $exe -PassThru -ArgumentList ($launch + @(
            '-NoLogo', '-NoProfile', '-NonInteractive', '-File', $Script,
            (Join-Path $PSScriptRoot '../../../ThinPool.psd1'), $env:THINPOOL_REGISTRY) + $Arguments)
}
