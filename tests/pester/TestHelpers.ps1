# Shared set-up for the cmdlet tests: dot-source in BeforeAll. Each test calls
# Initialize-TestRegistry (BeforeEach) so that it has a registry and pool directories of its
# own under TestDrive: and depends on no other test.

Import-Module (Join-Path $PSScriptRoot '../../ThinPool.psd1') -Force

$env:THINPOOL_LOCK_TIMEOUT = '0.3'

function Initialize-TestRegistry {
    $script:TestRoot = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $script:TestRoot | Out-Null
    $env:THINPOOL_REGISTRY = Join-Path $script:TestRoot 'registry'
}

function New-TestPool {
    param(
        [string] $Name = 'tp',
        [long] $DataSize = 64MB,
        [long] $BlockSize = 64KB,
        [double] $MinFreeSpacePercent = 10
    )

    New-ThinPool -Name $Name -Path (Join-Path $script:TestRoot $Name) -DataSize $DataSize `
        -BlockSize $BlockSize -MinFreeSpacePercent $MinFreeSpacePercent -Offline
}

function New-TestImage {
    # Writes an image of $Size bytes in which block i (of $BlockSize) is filled with the byte
    # $Fill[i] for every key i of $Fill; every other block is zero.
    param(
        [string] $Path,
        [long] $Size = 1MB,
        [hashtable] $Fill = @{},
        [long] $BlockSize = 64KB
    )

    $stream = [IO.File]::Open($Path, 'Create', 'ReadWrite')
    try {
        $stream.SetLength($Size)
        foreach ($block in $Fill.Keys) {
            $bytes = [byte[]]::new($BlockSize)
            [Array]::Fill($bytes, [byte] $Fill[$block])
            $stream.Position = [long] $block * $BlockSize
            $stream.Write($bytes, 0, [Math]::Min($BlockSize, $Size - $stream.Position))
        }
    }
    finally {
        $stream.Dispose()
    }

    return $Path
}

function Get-FileHashText {
    param([string] $Path)

    (Get-FileHash -Algorithm SHA256 -Path $Path).Hash
}

function Get-PoolFileState {
    # What a rejected call must leave alone: the pool's files, their sizes and contents.
    param([string] $Directory)

    Get-ChildItem -Path $Directory -File -Force | Where-Object Name -ne '.lock' |
        Sort-Object Name | ForEach-Object { '{0} {1} {2}' -f $_.Name, $_.Length, (Get-FileHashText $_.FullName) }
}
