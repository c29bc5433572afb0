<#
.SYNOPSIS
    Writes a cmdlet page in the platyPS layout from the cmdlet's own metadata plus prose.
.DESCRIPTION
    The facts come from the loaded cmdlet, so they cannot drift from the code: the syntax of
    each parameter set, and for each parameter its type, sets, aliases, whether it is required,
    its position, its default (read from a fresh instance of the cmdlet class), pipeline input,
    wildcards and accepted values. The prose (synopsis, description, parameter descriptions,
    examples, inputs, outputs, notes, links) comes from a hashtable; what it lacks is written as
    a '{{ Fill in ... }}' marker, which the contract tests reject, so a new cmdlet gets a page to
    finish rather than a page that looks finished.

    Usage (after Import-Module ./ThinPool.psd1):
        . build/Maml/New-CommandMarkdown.ps1
        New-CommandMarkdown -Command (Get-Command New-Thing) -Prose @{ Synopsis = '...' } |
            Set-Content docs/New-Thing.md
#>

function Format-DefaultValue {
    # A readable default: sizes in PowerShell's multipliers (100GB), switches False, empty None.
    param($Value)

    if ($null -eq $Value -or ($Value -is [string] -and $Value -eq '') -or
        ($Value -is [array] -and $Value.Count -eq 0)) {
        return 'None'
    }

    if ($Value -is [System.Management.Automation.SwitchParameter]) {
        return [string] $Value.IsPresent
    }

    if ($Value -is [long] -and $Value -ge 1KB) {
        foreach ($unit in @(@('TB', 1TB), @('GB', 1GB), @('MB', 1MB), @('KB', 1KB))) {
            if ($Value % $unit[1] -eq 0) {
                return "$($Value / $unit[1])$($unit[0])"
            }
        }
    }

    if ($Value -is [array]) {
        return ($Value -join ', ')
    }

    return [string] $Value
}

function Get-ParameterBlock {
    # One yaml variant per distinct (required, position, pipeline) across the parameter sets.
    param($Parameter, [object[]] $AllSets, $Defaults)

    $attributes = @($Parameter.Attributes |
        Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
    $groups = $attributes | Group-Object {
        "$($_.Mandatory)|$($_.Position)|$($_.ValueFromPipeline)|$($_.ValueFromPipelineByPropertyName)"
    }

    $type = $Parameter.ParameterType
    $accepted = if ($type.IsEnum) {
        [enum]::GetNames($type) -join ', '
    }
    else {
        $set = $Parameter.Attributes |
            Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
        if ($set) { $set.ValidValues -join ', ' }
    }

    $wildcards = [bool] ($Parameter.Attributes |
        Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $default = if ($Defaults.Contains($Parameter.Name)) { $Defaults[$Parameter.Name] } else { 'None' }
    if ($type -eq [System.Management.Automation.SwitchParameter]) {
        $default = 'False'
    }

    foreach ($group in $groups) {
        $first = $group.Group[0]
        # A required parameter has no default: the value given is always used.
        $shown = if ($first.Mandatory) { 'None' } else { $default }
        $setNames = @($group.Group.ParameterSetName)
        $sets = if ($setNames -contains '__AllParameterSets' -or
            ($AllSets.Count -gt 1 -and $setNames.Count -eq $AllSets.Count)) {
            '(All)'
        }
        else {
            $setNames -join ', '
        }

        $pipeline = @(
            if ($first.ValueFromPipelineByPropertyName) { 'ByPropertyName' }
            if ($first.ValueFromPipeline) { 'ByValue' }
        )
        $lines = @(
            '```yaml'
            "Type: $($type.Name)"
            "Parameter Sets: $sets"
            "Aliases: $($Parameter.Aliases -join ', ')".TrimEnd()
            if ($accepted) { "Accepted values: $accepted" }
            ''
            "Required: $($first.Mandatory)"
            "Position: $(if ($first.Position -ge 0) { $first.Position } else { 'Named' })"
            "Default value: $shown"
            "Accept pipeline input: $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' })"
            "Accept wildcard characters: $wildcards"
            '```'
        )
        $lines -join "`n"
    }
}

function New-CommandMarkdown {
    <#
    .SYNOPSIS
        Returns the markdown page for a cmdlet.
    #>
    param(
        [Parameter(Mandatory)] [System.Management.Automation.CmdletInfo] $Command,
        [hashtable] $Prose = @{}
    )

    $fill = { param($what) "{{ Fill in $what }}" }
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $instance = [Activator]::CreateInstance($Command.ImplementingType)
    $defaults = @{}
    foreach ($p in $Command.Parameters.Values) {
        $property = $Command.ImplementingType.GetProperty($p.Name)
        if ($property -and $common -notcontains $p.Name) {
            $defaults[$p.Name] = Format-DefaultValue $property.GetValue($instance)
        }
    }

    $parameterProse = if ($Prose.Parameters) { $Prose.Parameters } else { @{} }
    $parameterProse = @{
        WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
        Confirm = 'Prompts you for confirmation before running the cmdlet.'
    } + $parameterProse

    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('---')
    $out.Add('external help file: ThinPool.dll-Help.xml')
    $out.Add('Module Name: ThinPool')
    $out.Add('online version:')
    $out.Add('schema: 2.0.0')
    $out.Add('---')
    $out.Add('')
    $out.Add("# $($Command.Name)")
    $out.Add('')
    $out.Add('## SYNOPSIS')
    $out.Add($(if ($Prose.Synopsis) { $Prose.Synopsis } else { & $fill 'the synopsis' }))
    $out.Add('')
    $out.Add('## SYNTAX')
    $sets = @($Command.ParameterSets | Sort-Object { -not $_.IsDefault }, Name)
    foreach ($set in $sets) {
        $out.Add('')
        if ($sets.Count -gt 1) {
            $out.Add("### $($set.Name)$(if ($set.IsDefault) { ' (Default)' })")
        }
        else {
            $out.Add('### __AllParameterSets')
        }

        # PowerShell's own rendering of a set, with its lower-case type keywords made .NET names.
        $syntax = "$($Command.Name) $set" -replace '<string', '<String' -replace '<long>', '<Int64>' -replace
            '<ulong>', '<UInt64>' -replace '<double>', '<Double>' -replace '<int>', '<Int32>'
        $out.Add('```')
        $out.Add($syntax)
        $out.Add('```')
    }

    $out.Add('')
    $out.Add('## DESCRIPTION')
    $out.Add($(if ($Prose.Description) { $Prose.Description.Trim() } else { & $fill 'the description' }))
    $out.Add('')
    $out.Add('## EXAMPLES')
    $examples = @(if ($Prose.Examples) { $Prose.Examples })
    if (-not $examples) {
        $examples = @(@{ Title = (& $fill 'a title'); Code = (& $fill 'the code'); Remarks = '' })
    }

    $n = 0
    foreach ($example in $examples) {
        $n++
        $out.Add('')
        $out.Add("### Example ${n}: $($example.Title)")
        $out.Add('```powershell')
        $out.Add($example.Code.Trim())
        $out.Add('```')
        if ($example.Output) {
            $out.Add('')
            $out.Add('```output')
            $out.Add($example.Output.Trim("`n"))
            $out.Add('```')
        }

        if ($example.Remarks) {
            $out.Add('')
            $out.Add($example.Remarks.Trim())
        }
    }

    $out.Add('')
    $out.Add('## PARAMETERS')
    $ordered = @($Command.Parameters.Values | Where-Object { $common -notcontains $_.Name } |
        Sort-Object { $_.Name -in 'WhatIf', 'Confirm' }, { $_.Name -eq 'Confirm' }, Name)
    foreach ($p in $ordered) {
        $out.Add('')
        $out.Add("### -$($p.Name)")
        $out.Add($(if ($parameterProse[$p.Name]) { $parameterProse[$p.Name].Trim() } else {
                    & $fill "the description of -$($p.Name)" }))
        $out.Add('')
        foreach ($block in Get-ParameterBlock $p $sets $defaults) {
            $out.Add($block)
            $out.Add('')
        }

        $out.RemoveAt($out.Count - 1)
    }

    $out.Add('')
    $out.Add('### CommonParameters')
    $out.Add('This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable,')
    $out.Add('-InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable,')
    $out.Add('-ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see')
    $out.Add('[about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).')

    foreach ($section in 'Inputs', 'Outputs') {
        $out.Add('')
        $out.Add("## $($section.ToUpperInvariant())")
        $entries = if ($Prose[$section]) { $Prose[$section] } else { [ordered] @{ (& $fill $section) = '' } }
        foreach ($key in $entries.Keys) {
            $out.Add('')
            $out.Add("### $key")
            if ($entries[$key]) {
                $out.Add($entries[$key].Trim())
            }
        }
    }

    $out.Add('')
    $out.Add('## NOTES')
    $out.Add($(if ($Prose.Notes) { $Prose.Notes.Trim() } else { & $fill 'the notes' }))
    $out.Add('')
    $out.Add('## RELATED LINKS')
    foreach ($link in @($Prose.Links)) {
        if ($link) {
            $out.Add('')
            $out.Add("[$link]($link.md)")
        }
    }

    $out.Add('')
    $out.Add('[about_ThinPool](about_ThinPool.md)')
    return ($out -join "`n") + "`n"
}
