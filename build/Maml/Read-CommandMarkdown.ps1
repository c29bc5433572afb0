<#
.SYNOPSIS
    Reads one cmdlet page in the platyPS markdown layout into a plain object model.
.DESCRIPTION
    The layout, which docs/*.md follow and this reader expects:

        ---                         YAML front matter: 'external help file', 'Module Name',
        key: value                  'online version', 'schema' (2.0.0)
        ---
        # Verb-Noun
        ## SYNOPSIS                  one paragraph
        ## SYNTAX                    '### SetName' (optionally ' (Default)') + a fenced syntax line
        ## DESCRIPTION               paragraphs
        ## EXAMPLES                  '### Example N: title', fenced code, then remarks
        ## PARAMETERS                '### -Name', paragraphs, one or more fenced yaml blocks
        ### CommonParameters         (under PARAMETERS; a fixed sentence, not a parameter)
        ## INPUTS / ## OUTPUTS       '### Type.Name' + paragraphs
        ## NOTES                     paragraphs
        ## RELATED LINKS             '[text](uri)' lines

    A yaml block is flat 'Key: Value' lines. A parameter that differs between parameter sets
    (mandatory in one, optional in another) carries one block per variant, each naming its sets.
    Errors name the file and the line, because a page that does not parse must fail the build.
#>

function Split-MarkdownParagraph {
    # Turns body lines into paragraphs: blank lines separate them, a fenced block stays whole
    # (fences kept) so code in a description survives, and list items start their own line.
    param([string[]] $Lines)

    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($item in $Lines) {
        $line = [string] $item
        if ($line -match '^\s*```') {
            $current.Add($line)
            $inFence = -not $inFence
            if (-not $inFence) {
                $paragraphs.Add(($current -join "`n"))
                $current.Clear()
            }

            continue
        }

        if ($inFence) {
            $current.Add($line)
            continue
        }

        if ($line.Trim() -eq '') {
            if ($current.Count) {
                $paragraphs.Add(($current -join "`n"))
                $current.Clear()
            }

            continue
        }

        if ($line -match '^\s*([-*]|\d+\.)\s' -or $line -match '^\s*\|') {
            $current.Add($line.TrimEnd())
        }
        elseif ($current.Count -and $current[$current.Count - 1] -match '^\s*([-*]|\d+\.|\|)') {
            $current[$current.Count - 1] += ' ' + $line.Trim()
        }
        elseif ($current.Count) {
            $current[$current.Count - 1] += ' ' + $line.Trim()
        }
        else {
            $current.Add($line.Trim())
        }
    }

    if ($current.Count) {
        $paragraphs.Add(($current -join "`n"))
    }

    return $paragraphs.ToArray()
}

function Split-MarkdownSection {
    # Splits lines at headings of one level ('## ' or '### '); returns ordered Title/Lines/Line.
    param([object[]] $Lines, [int] $Level)

    $marker = ('#' * $Level) + ' '
    $sections = [System.Collections.Generic.List[object]]::new()
    $section = $null
    $inFence = $false
    foreach ($entry in $Lines) {
        if ($entry.Text -match '^\s*```') {
            $inFence = -not $inFence
        }

        if (-not $inFence -and $entry.Text.StartsWith($marker)) {
            $section = [pscustomobject] @{
                Title = $entry.Text.Substring($marker.Length).Trim()
                Line  = $entry.Number
                Lines = [System.Collections.Generic.List[object]]::new()
            }
            $sections.Add($section)
            continue
        }

        if ($section) {
            $section.Lines.Add($entry)
        }
    }

    return $sections.ToArray()
}

function Get-FencedBlock {
    # Returns each fenced block in the lines as Info (the word after the fence) and Text.
    param([object[]] $Lines)

    $blocks = [System.Collections.Generic.List[object]]::new()
    $body = $null
    $info = ''
    foreach ($entry in $Lines) {
        if ($entry.Text -match '^\s*```\s*(\S*)') {
            if ($null -eq $body) {
                $info = $Matches[1]
                $body = [System.Collections.Generic.List[string]]::new()
            }
            else {
                $blocks.Add([pscustomobject] @{ Info = $info; Text = ($body -join "`n") })
                $body = $null
            }

            continue
        }

        if ($null -ne $body) {
            $body.Add($entry.Text)
        }
    }

    return $blocks.ToArray()
}

function Get-TextOutsideFence {
    # The lines of a section that are not inside any fenced block.
    param([object[]] $Lines)

    $inFence = $false
    foreach ($entry in $Lines) {
        if ($entry.Text -match '^\s*```') {
            $inFence = -not $inFence
            continue
        }

        if (-not $inFence) {
            $entry.Text
        }
    }
}

function ConvertFrom-ParameterYaml {
    # Parses one flat yaml block of a parameter into a variant; unknown keys are an error.
    param([string] $Text, [string] $Where)

    $known = @{
        'Type' = 'Type'; 'Parameter Sets' = 'ParameterSets'; 'Aliases' = 'Aliases'
        'Required' = 'Required'; 'Position' = 'Position'; 'Default value' = 'DefaultValue'
        'Accept pipeline input' = 'PipelineInput'; 'Accept wildcard characters' = 'Globbing'
        'Accepted values' = 'AcceptedValues'
    }
    $values = @{}
    foreach ($line in $Text -split "`n") {
        if ($line.Trim() -eq '') {
            continue
        }

        if ($line -notmatch '^([^:]+):\s*(.*)$') {
            throw "${Where}: yaml line '$line' is not 'Key: Value'."
        }

        $key = $Matches[1].Trim()
        if (-not $known.ContainsKey($key)) {
            throw "${Where}: unknown yaml key '$key'."
        }

        $values[$known[$key]] = $Matches[2].Trim()
    }

    foreach ($required in 'Type', 'Required', 'Position') {
        if (-not $values.ContainsKey($required)) {
            throw "${Where}: the yaml block has no '$required'."
        }
    }

    $sets = if ($values['ParameterSets']) { $values['ParameterSets'] } else { '(All)' }
    $aliases = if ($values['Aliases']) { $values['Aliases'] } else { 'None' }
    $default = if ($values.ContainsKey('DefaultValue') -and $values['DefaultValue']) {
        $values['DefaultValue']
    }
    else {
        'None'
    }

    return [pscustomobject] @{
        Type           = $values['Type']
        ParameterSets  = @($sets -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
        Aliases        = @($aliases -split ',' | ForEach-Object { $_.Trim() } |
            Where-Object { $_ -and $_ -ne 'None' })
        Required       = $values['Required'] -match '^\s*true'
        Position       = $values['Position']
        DefaultValue   = $default
        PipelineInput  = if ($values['PipelineInput']) { $values['PipelineInput'] } else { 'False' }
        Globbing       = $values['Globbing'] -match '^\s*true'
        AcceptedValues = @(($values['AcceptedValues'] ?? '') -split ',' |
            ForEach-Object { $_.Trim() } | Where-Object { $_ })
    }
}

function Read-ParameterSection {
    param([object[]] $Lines, [string] $File)

    $parameters = [System.Collections.Generic.List[object]]::new()
    $hasCommon = $false
    foreach ($section in Split-MarkdownSection -Lines $Lines -Level 3) {
        $where = "${File}:$($section.Line)"
        if ($section.Title -eq 'CommonParameters') {
            $hasCommon = $true
            continue
        }

        if ($section.Title -notmatch '^-(\w+)$') {
            throw "${where}: parameter heading '### $($section.Title)' is not '### -Name'."
        }

        $name = $Matches[1]
        $yaml = @(Get-FencedBlock $section.Lines | Where-Object Info -EQ 'yaml')
        if (-not $yaml) {
            throw "${where}: parameter -$name has no yaml block."
        }

        $description = @(Split-MarkdownParagraph @(Get-TextOutsideFence $section.Lines))
        $parameters.Add([pscustomobject] @{
                Name        = $name
                Description = $description
                Variants    = @($yaml | ForEach-Object { ConvertFrom-ParameterYaml $_.Text $where })
            })
    }

    return [pscustomobject] @{ Parameters = $parameters.ToArray(); HasCommon = $hasCommon }
}

function Read-TypeSection {
    # INPUTS and OUTPUTS: '### Type.Name' headings, each with optional paragraphs.
    param([object[]] $Lines)

    foreach ($section in Split-MarkdownSection -Lines $Lines -Level 3) {
        [pscustomobject] @{
            Name        = $section.Title
            Description = @(Split-MarkdownParagraph @($section.Lines.Text))
        }
    }
}

function Read-ExampleSection {
    # Code is the powershell fences; an output fence (```output, ```text) is shown to the reader
    # as part of the remarks, so a test can run the code without tripping over its output.
    param([object[]] $Lines, [string] $File)

    $fence = '```'
    foreach ($section in Split-MarkdownSection -Lines $Lines -Level 3) {
        $blocks = @(Get-FencedBlock $section.Lines)
        $code = @($blocks | Where-Object Info -In 'powershell', 'pwsh', 'ps1', '')
        if (-not $code) {
            throw "${File}:$($section.Line): example '$($section.Title)' has no powershell block."
        }

        $output = @($blocks | Where-Object Info -NotIn 'powershell', 'pwsh', 'ps1', '' |
            ForEach-Object { $fence + $_.Info + "`n" + $_.Text + "`n" + $fence })
        [pscustomobject] @{
            Title   = $section.Title
            Code    = ($code.Text -join "`n`n")
            Remarks = @($output) + @(Split-MarkdownParagraph @(Get-TextOutsideFence $section.Lines))
        }
    }
}

function Read-SyntaxSection {
    param([object[]] $Lines)

    $sets = @(Split-MarkdownSection -Lines $Lines -Level 3)
    if (-not $sets) {
        # A single-set cmdlet may omit the set heading.
        $sets = @([pscustomobject] @{ Title = '__AllParameterSets'; Lines = $Lines; Line = 0 })
    }

    foreach ($set in $sets) {
        $text = (Get-FencedBlock $set.Lines).Text -join ' '
        [pscustomobject] @{
            Name      = ($set.Title -replace '\s*\(Default\)\s*$', '')
            IsDefault = $set.Title -match '\(Default\)\s*$'
            Order     = @([regex]::Matches($text, '(?<![\w<])-(\w+)') | ForEach-Object { $_.Groups[1].Value })
        }
    }
}

function Read-CommandMarkdown {
    <#
    .SYNOPSIS
        Parses docs/<Cmdlet>.md into Name, Metadata, Synopsis, Description, Syntax, Parameters,
        Inputs, Outputs, Notes, Examples and Links.
    #>
    param([Parameter(Mandatory)] [string] $Path)

    $file = Split-Path -Leaf $Path
    $raw = (Get-Content -Raw -LiteralPath $Path) -replace "`r`n", "`n"
    $all = $raw -split "`n"
    $number = 0
    $entries = foreach ($text in $all) {
        $number++
        [pscustomobject] @{ Number = $number; Text = $text }
    }

    $metadata = [ordered] @{}
    $start = 0
    if ($all[0] -eq '---') {
        $end = [array]::IndexOf($all, '---', 1)
        if ($end -lt 0) {
            throw "${file}: the front matter is not closed by '---'."
        }

        foreach ($line in $all[1..($end - 1)]) {
            if ($line -match '^([^:]+):\s*(.*)$') {
                $metadata[$Matches[1].Trim()] = $Matches[2].Trim()
            }
        }

        $start = $end + 1
    }

    $body = @($entries | Select-Object -Skip $start)
    $title = $body | Where-Object { $_.Text -match '^# \S' } | Select-Object -First 1
    if (-not $title) {
        throw "${file}: no '# Verb-Noun' title."
    }

    $name = $title.Text.Substring(2).Trim()
    $sections = @{}
    foreach ($section in Split-MarkdownSection -Lines $body -Level 2) {
        $sections[$section.Title.ToUpperInvariant()] = $section
    }

    foreach ($required in 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS') {
        if (-not $sections.ContainsKey($required)) {
            throw "${file}: no '## $required' section."
        }
    }

    $lines = { param($key) if ($sections.ContainsKey($key)) { @($sections[$key].Lines) } else { @() } }
    $parameters = Read-ParameterSection -Lines (& $lines 'PARAMETERS') -File $file
    $links = foreach ($text in (& $lines 'RELATED LINKS').Text) {
        foreach ($m in [regex]::Matches($text, '\[([^\]]+)\]\(([^)]*)\)')) {
            [pscustomobject] @{ Text = $m.Groups[1].Value; Uri = $m.Groups[2].Value }
        }
    }

    return [pscustomobject] @{
        Name             = $name
        Metadata         = $metadata
        Synopsis         = (@(Split-MarkdownParagraph @((& $lines 'SYNOPSIS').Text)) -join ' ')
        Description      = @(Split-MarkdownParagraph @((& $lines 'DESCRIPTION').Text))
        Syntax           = @(Read-SyntaxSection (& $lines 'SYNTAX'))
        Parameters       = @($parameters.Parameters)
        HasCommon        = $parameters.HasCommon
        Examples         = @(Read-ExampleSection (& $lines 'EXAMPLES') $file)
        Inputs           = @(Read-TypeSection (& $lines 'INPUTS'))
        Outputs          = @(Read-TypeSection (& $lines 'OUTPUTS'))
        Notes            = @(Split-MarkdownParagraph @((& $lines 'NOTES').Text))
        Links            = @($links)
    }
}
