<#
.SYNOPSIS
    Writes a hashtable (such as a module manifest read by Import-PowerShellDataFile) back as
    PowerShell data-file text: strings single-quoted, arrays as @(...), nested tables indented,
    keys in a stable order so two builds of the same manifest are byte-identical.
#>

function ConvertTo-Psd1Value {
    param($Value, [int] $Depth)

    $pad = '    ' * ($Depth + 1)
    if ($null -eq $Value) {
        return '$null'
    }

    if ($Value -is [bool]) {
        return $(if ($Value) { '$true' } else { '$false' })
    }

    if ($Value -is [int] -or $Value -is [long] -or $Value -is [double]) {
        return [string] $Value
    }

    if ($Value -is [string]) {
        return "'" + ($Value -replace "'", "''") + "'"
    }

    if ($Value -is [System.Collections.IDictionary]) {
        if ($Value.Count -eq 0) {
            return '@{}'
        }

        $lines = foreach ($key in $Value.Keys | Sort-Object) {
            "$pad$key = $(ConvertTo-Psd1Value $Value[$key] ($Depth + 1))"
        }

        return "@{`n" + ($lines -join "`n") + "`n" + ('    ' * $Depth) + '}'
    }

    if ($Value -is [System.Collections.IEnumerable]) {
        $items = @(foreach ($item in $Value) { ConvertTo-Psd1Value $item ($Depth + 1) })
        return '@(' + ($items -join ', ') + ')'
    }

    throw "Cannot write a $($Value.GetType().FullName) to a data file."
}

function ConvertTo-Psd1 {
    <#
    .SYNOPSIS
        Returns the data-file text for a hashtable.
    #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Data)

    return (ConvertTo-Psd1Value $Data 0) + "`n"
}
