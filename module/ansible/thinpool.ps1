#!/usr/bin/env pwsh
# WANT_JSON
<#
.SYNOPSIS
    Ansible module: manages ThinPool pools and thin volumes on the managed host.
.DESCRIPTION
    Written in pwsh for Linux hosts, using Ansible's WANT_JSON convention: Ansible runs this file
    with the path of a JSON file holding the task's arguments, and reads one JSON object from
    stdout. Nothing else may reach stdout, so cmdlet output is captured and warnings are
    returned in the result's 'warnings' list.

    Options
      name            pool name (required)
      state           present (default) or absent
      path            pool directory; required to create a pool
      data_size       pool data size: bytes, or a number with KB/MB/GB/TB (powers of 1024).
                      It is a minimum: a larger size than the pool has grows it
                      (Resize-ThinPool); a smaller one is left alone, as pools do not shrink.
      metadata_size   metadata size, same units; grows metadata when larger
      block_size      data block size for a new pool (default 64KB)
      mode            how a new pool is run: 'offline' (the default, and for now the only
                      mode available) or 'loop' once the kernel backend lands
      volume          a thin volume in the pool: with it, 'state' applies to the volume, and
                      the pool must already exist
      volume_size     virtual size of a new volume (required to create one)
      origin          create the volume as a snapshot of this volume instead
      force           pass -Force where the cmdlet has it (removing a pool with volumes)
      module_path     where to import ThinPool from; default $env:THINPOOL_MODULE_PATH, then
                      the module name 'ThinPool' (PSModulePath)
      registry        pool registry directory (sets THINPOOL_REGISTRY for this task)

    Check mode (--check) runs the same cmdlets with -WhatIf, so 'changed' says what a real run
    would change and nothing is written. The pool's status (Get-ThinPoolStatus) and its
    volumes are returned as ansible_facts.thinpool.

    pwsh must be found by '/usr/bin/env pwsh' on the managed host: put it (or a wrapper script
    named pwsh) on the PATH Ansible runs modules with.
#>

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
$InformationPreference = 'SilentlyContinue'
$VerbosePreference = 'SilentlyContinue'

$result = [ordered] @{ changed = $false; failed = $false; msg = ''; warnings = @() }

function ConvertTo-Bytes {
    # '10GB', '512MiB', '1048576' or a number; the units are PowerShell's (1KB = 1024).
    param([string] $Option, $Value)

    if ($null -eq $Value -or "$Value" -eq '') {
        return $null
    }

    $units = @{ '' = 1L; 'B' = 1L; 'K' = 1KB; 'M' = 1MB; 'G' = 1GB; 'T' = 1TB; 'P' = 1PB }
    if ("$Value".Trim() -notmatch '^(\d+(?:\.\d+)?)\s*([KMGTP]?)(?:i?B)?$') {
        throw "$Option '$Value' is not a size: use bytes or a number with KB, MB, GB or TB."
    }

    return [long] ([double] $Matches[1] * $units[$Matches[2].ToUpperInvariant()])
}

function ConvertTo-Fact {
    # Objects become plain tables of their properties, enums and dates as text, for JSON.
    param($InputObject)

    $fact = [ordered] @{}
    foreach ($p in $InputObject.PSObject.Properties) {
        $v = $p.Value
        $fact[$p.Name] = if ($v -is [enum] -or $v -is [datetimeoffset] -or $v -is [datetime]) {
            "$v"
        }
        else {
            $v
        }
    }

    return $fact
}

function Get-Argument {
    param($Arguments, [string] $Name, $Default = $null)

    $property = $Arguments.PSObject.Properties[$Name]
    if ($property -and $null -ne $property.Value) { $property.Value } else { $Default }
}

function Invoke-Change {
    # Runs a state-changing cmdlet, with -WhatIf in check mode, and records the change.
    param([string] $Command, [hashtable] $Parameters, [string] $Description)

    $Parameters['WhatIf'] = $script:checkMode
    $Parameters['Confirm'] = $false
    $Parameters['WarningVariable'] = 'changeWarnings'
    $null = & $Command @Parameters
    $script:result.warnings += @($changeWarnings | ForEach-Object { "$_" })
    $script:result.changed = $true
    $script:changes.Add($Description)
}

try {
    $arguments = Get-Content -Raw -LiteralPath $args[0] | ConvertFrom-Json
    $script:checkMode = [bool] (Get-Argument $arguments '_ansible_check_mode' $false)
    $script:changes = [System.Collections.Generic.List[string]]::new()
    $name = Get-Argument $arguments 'name'
    $state = Get-Argument $arguments 'state' 'present'
    $volume = Get-Argument $arguments 'volume'
    $force = [bool] (Get-Argument $arguments 'force' $false)
    if (-not $name) {
        throw "'name' (the pool name) is required."
    }

    if ($state -notin 'present', 'absent') {
        throw "'state' must be 'present' or 'absent', not '$state'."
    }

    $registry = Get-Argument $arguments 'registry'
    if ($registry) {
        $env:THINPOOL_REGISTRY = $registry
    }

    $modulePath = Get-Argument $arguments 'module_path' $env:THINPOOL_MODULE_PATH
    Import-Module $(if ($modulePath) { $modulePath } else { 'ThinPool' })

    $pool = Get-ThinPool -Name $name -ErrorAction SilentlyContinue
    if (-not $volume) {
        if ($state -eq 'absent') {
            if ($pool) {
                $parameters = @{ Name = $name }
                if ($force) {
                    $parameters['Force'] = $true
                }

                Invoke-Change Remove-ThinPool $parameters "removed pool '$name'"
            }
        }
        elseif (-not $pool) {
            $path = Get-Argument $arguments 'path'
            if (-not $path) {
                throw "Pool '$name' does not exist; 'path' is required to create it."
            }

            $parameters = @{ Name = $name; Path = $path }
            $mode = Get-Argument $arguments 'mode' 'offline'
            if ($mode -notin 'offline', 'loop') {
                throw "'mode' must be 'offline' or 'loop', not '$mode'."
            }

            if ($mode -eq 'offline') {
                $parameters['Offline'] = $true
            }

            foreach ($option in 'data_size', 'metadata_size', 'block_size') {
                $bytes = ConvertTo-Bytes $option (Get-Argument $arguments $option)
                if ($null -ne $bytes) {
                    $parameters[(Get-Culture).TextInfo.ToTitleCase($option) -replace '_', ''] = $bytes
                }
            }

            Invoke-Change New-ThinPool $parameters "created pool '$name'"
        }
        else {
            $dataSize = ConvertTo-Bytes 'data_size' (Get-Argument $arguments 'data_size')
            $metadataSize = ConvertTo-Bytes 'metadata_size' (Get-Argument $arguments 'metadata_size')
            $blockBytes = $pool.BlockSizeBytes
            # The pool keeps whole blocks; compare what it would round the request to.
            if ($null -ne $dataSize) {
                $wanted = [long] [math]::Floor($dataSize / $blockBytes) * $blockBytes
                if ($wanted -gt $pool.DataSizeBytes) {
                    Invoke-Change Resize-ThinPool @{ Name = $name; DataSize = $dataSize } `
                        "grew pool '$name' data to $wanted bytes"
                }
            }

            if ($null -ne $metadataSize -and $metadataSize -gt $pool.MetadataSizeBytes) {
                Invoke-Change Resize-ThinPool @{ Name = $name; MetadataSize = $metadataSize } `
                    "grew pool '$name' metadata to $metadataSize bytes"
            }
        }
    }
    elseif (-not $pool) {
        # A volume of a missing pool is absent already. In check mode the pool may be one an
        # earlier task would have created, so the volume would be created too.
        if ($state -eq 'present' -and $checkMode) {
            $result.warnings += "Pool '$name' does not exist yet; assuming an earlier task creates it."
            $result.changed = $true
            $changes.Add("created volume '$volume' in pool '$name'")
        }
        elseif ($state -eq 'present') {
            throw "Pool '$name' does not exist; create it before managing volume '$volume'."
        }
    }
    else {
        $existing = Get-ThinVolume -Pool $name -Name $volume -ErrorAction SilentlyContinue
        if ($state -eq 'absent' -and $existing) {
            Invoke-Change Remove-ThinVolume @{ Pool = $name; Name = $volume } `
                "removed volume '$volume' from pool '$name'"
        }
        elseif ($state -eq 'present' -and -not $existing) {
            $origin = Get-Argument $arguments 'origin'
            if ($origin) {
                Invoke-Change New-ThinSnapshot @{ Pool = $name; Origin = $origin; Name = $volume } `
                    "created snapshot '$volume' of '$origin' in pool '$name'"
            }
            else {
                $size = ConvertTo-Bytes 'volume_size' (Get-Argument $arguments 'volume_size')
                if ($null -eq $size) {
                    throw "Volume '$volume' does not exist; 'volume_size' is required to create it."
                }

                Invoke-Change New-ThinVolume @{ Pool = $name; Name = $volume; Size = $size } `
                    "created volume '$volume' in pool '$name'"
            }
        }
        elseif ($state -eq 'present') {
            $size = ConvertTo-Bytes 'volume_size' (Get-Argument $arguments 'volume_size')
            if ($null -ne $size -and $size -ne $existing.SizeBytes) {
                $result.warnings += "Volume '$volume' is $($existing.SizeBytes) bytes, not $size; " +
                    'thin volumes are not resized by this module.'
            }
        }
    }

    $result.msg = if ($changes.Count) {
        ($(if ($checkMode) { 'would have ' } else { '' })) + ($changes -join '; ')
    }
    else {
        "pool '$name' is as requested"
    }

    # Facts describe the pool as it is now (in check mode, as it was).
    $facts = [ordered] @{ Name = $name; Exists = $false; Volumes = @() }
    if (Get-ThinPool -Name $name -ErrorAction SilentlyContinue) {
        $facts = ConvertTo-Fact (Get-ThinPoolStatus -Name $name)
        $facts['Exists'] = $true
        $facts['Volumes'] = @(Get-ThinVolume -Pool $name | ForEach-Object { ConvertTo-Fact $_ })
    }

    $result['ansible_facts'] = @{ thinpool = $facts }
}
catch {
    $result.failed = $true
    $result.msg = "$($_.Exception.Message)"
    if ($_.FullyQualifiedErrorId) {
        $result['error_id'] = $_.FullyQualifiedErrorId
    }
}

$result | ConvertTo-Json -Depth 6 -Compress
