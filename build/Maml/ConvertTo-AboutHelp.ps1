<#
.SYNOPSIS
    Turns an about_*.md page into the plain-text about_*.help.txt that Get-Help shows.
.DESCRIPTION
    The text layout Get-Help expects: a TOPIC heading with the topic name, a SHORT DESCRIPTION
    (Get-Help lists it as the synopsis), then LONG DESCRIPTION and further sections. Headings are
    upper case at column 0, body text is indented four spaces and wrapped below 80 columns, code
    and tables keep their lines and are indented further so they stand apart.

    The markdown page: '# about_Name' title, '## SHORT DESCRIPTION', '## LONG DESCRIPTION',
    then any '## Section' and '### Subsection'; fenced code blocks, '-' lists and '|' tables.
#>

function Format-WrappedText {
    param([string] $Text, [int] $Indent, [int] $Width = 79, [int] $HangingIndent = 0)

    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ''
    $pad = ' ' * $Indent
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        $prefix = if ($lines.Count -or $line) { ' ' * ($Indent + $HangingIndent) } else { $pad }
        if ($line -and ($prefix.Length + $line.Length + 1 + $word.Length) -gt $Width) {
            $lines.Add(($(if ($lines.Count) { ' ' * ($Indent + $HangingIndent) } else { $pad }) + $line))
            $line = $word
        }
        elseif ($line) {
            $line += ' ' + $word
        }
        else {
            $line = $word
        }
    }

    if ($line) {
        $lines.Add(($(if ($lines.Count) { ' ' * ($Indent + $HangingIndent) } else { $pad }) + $line))
    }

    return $lines
}

function ConvertTo-AboutHelp {
    <#
    .SYNOPSIS
        Returns the help.txt text for an about_*.md file.
    #>
    param([Parameter(Mandatory)] [string] $Path)

    $source = (Get-Content -Raw -LiteralPath $Path) -replace "`r`n", "`n"
    $lines = $source -split "`n"
    if ($lines[0] -eq '---') {
        $end = [array]::IndexOf($lines, '---', 1)
        $lines = $lines[($end + 1)..($lines.Count - 1)]
    }

    $out = [System.Collections.Generic.List[string]]::new()
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $flush = {
        if ($paragraph.Count) {
            $text = $paragraph -join ' '
            if ($text -match '^([-*]|\d+\.)\s') {
                $out.AddRange([string[]] (Format-WrappedText $text 4 -HangingIndent 2))
            }
            else {
                $out.AddRange([string[]] (Format-WrappedText $text 4))
            }

            $out.Add('')
            $paragraph.Clear()
        }
    }

    foreach ($line in $lines) {
        if ($line -match '^\s*```') {
            . $flush
            $inFence = -not $inFence
            if (-not $inFence) {
                $out.Add('')
            }

            continue
        }

        if ($inFence) {
            $out.Add(('        ' + $line).TrimEnd())
            continue
        }

        if ($line -match '^# (about_\w+)') {
            $out.Add('TOPIC')
            $out.Add('    ' + $Matches[1])
            $out.Add('')
            continue
        }

        if ($line -match '^(#{2,3}) (.+)$') {
            . $flush
            $heading = $Matches[2].Trim()
            $out.Add($(if ($Matches[1] -eq '##') { $heading.ToUpperInvariant() } else { '  ' + $heading }))
            continue
        }

        if ($line -match '^\s*\|') {
            . $flush
            if ($line -notmatch '^\s*\|[\s:|-]+\|\s*$') {
                $out.Add('    ' + $line.Trim())
            }

            continue
        }

        if ($line.Trim() -eq '') {
            . $flush
            if ($out.Count -and $out[$out.Count - 1] -ne '') {
                $out.Add('')
            }

            continue
        }

        if ($line -match '^\s*([-*]|\d+\.)\s') {
            . $flush
        }

        $paragraph.Add($line.Trim())
    }

    . $flush
    while ($out.Count -and $out[$out.Count - 1] -eq '') {
        $out.RemoveAt($out.Count - 1)
    }

    # Markdown emphasis and code marks mean nothing in a terminal.
    return (($out -join "`n") -replace '`', '' -replace '\*\*', '') + "`n"
}
