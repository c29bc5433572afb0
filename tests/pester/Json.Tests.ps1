# Every output object must survive ConvertTo-Json as a flat object whose property names are
# documented in docs/objects.md.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    $script:Documented = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/objects.md')

    function Test-FlatValue {
        param($Value)

        if ($null -eq $Value -or $Value -is [string] -or $Value -is [bool] -or
            $Value -is [ValueType]) {
            return $true
        }

        if ($Value -is [Array]) {
            # A list may hold scalars or flat records, nothing deeper.
            foreach ($item in $Value) {
                if ($item -is [pscustomobject]) {
                    foreach ($p in $item.PSObject.Properties) {
                        if ($p.Value -is [pscustomobject] -or $p.Value -is [Array]) {
                            return $false
                        }
                    }
                }
                elseif ($item -isnot [string] -and $item -isnot [ValueType] -and $null -ne $item) {
                    return $false
                }
            }

            return $true
        }

        return $false
    }
}

Describe 'Output objects as JSON' {
    BeforeAll {
        Initialize-TestRegistry
        $pool = New-TestPool -Name json
        $volume = New-ThinVolume -Pool json -Name disk -Size 4MB
        $image = Join-Path $script:TestRoot 'image.raw'
        New-TestImage -Path $image -Size 256KB -Fill @{ 0 = 7 }
        $script:Objects = @(
            $pool
            Get-ThinPoolStatus -Name json
            $volume
            New-ThinSnapshot -Pool json -Origin disk -Name snap
            Import-ThinVolume -Pool json -Name disk -Path $image
            Test-ThinPool -Name json
        )
        $script:Cases = $script:Objects | ForEach-Object {
            @{ Type = $_.GetType().FullName; Object = $_ }
        }
    }

    It 'covers every output type the offline cmdlets emit' {
        ($script:Objects | ForEach-Object { $_.GetType().FullName } | Sort-Object -Unique).Count |
            Should -Be 5
    }

    It 'writes <Type> with only flat property values' -ForEach @(
        @{ Index = 0; Type = 'ThinPoolInfo' }
        @{ Index = 1; Type = 'ThinPoolStatus' }
        @{ Index = 2; Type = 'ThinVolumeInfo' }
        @{ Index = 4; Type = 'ThinVolumeTransfer' }
        @{ Index = 5; Type = 'ThinCheckReport' }
    ) {
        $parsed = $script:Objects[$Index] | ConvertTo-Json -Depth 4 -EnumsAsStrings | ConvertFrom-Json
        $nested = $parsed.PSObject.Properties | Where-Object { -not (Test-FlatValue $_.Value) } |
            ForEach-Object Name
        $nested | Should -BeNullOrEmpty
    }

    It 'documents every property of <Type> in docs/objects.md' -ForEach @(
        @{ Index = 0; Type = 'ThinPoolInfo' }
        @{ Index = 1; Type = 'ThinPoolStatus' }
        @{ Index = 2; Type = 'ThinVolumeInfo' }
        @{ Index = 4; Type = 'ThinVolumeTransfer' }
        @{ Index = 5; Type = 'ThinCheckReport' }
    ) {
        $object = $script:Objects[$Index]
        $section = ($script:Documented -split '(?m)^## ') |
            Where-Object { $_.StartsWith($object.GetType().FullName) }
        $missing = $object.PSObject.Properties.Name | Where-Object { $section -notmatch "``$_``" }
        $missing | Should -BeNullOrEmpty
    }

    It 'keeps sizes in bytes as numbers' {
        $parsed = $script:Objects[1] | ConvertTo-Json | ConvertFrom-Json
        $parsed.DataTotalBytes | Should -Be 64MB
    }

    It 'writes enums by name with -EnumsAsStrings' {
        $parsed = $script:Objects[1] | ConvertTo-Json -EnumsAsStrings | ConvertFrom-Json
        $parsed.Mode | Should -Be 'Offline'
    }
}
