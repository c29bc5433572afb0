<#
.SYNOPSIS
    Writes command models (from Read-CommandMarkdown) as one MAML help file.
.DESCRIPTION
    PowerShell's help system reads the element names below, not their schema: each command is a
    command:command with details (name, verb, noun, synopsis), a description, syntax items per
    parameter set, the parameters, input and return types, notes (maml:alertSet), examples and
    related links. Parameter facts that Get-Help -Parameter shows (required, position, pipeline
    input, wildcards, aliases) are attributes of command:parameter; the default value is an
    element. Paragraphs become maml:para; the help formatter wraps them, so they are one line.
#>

$script:MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

function ConvertTo-PlainText {
    # Markdown marks mean nothing in a console: `code` and **bold** lose their marks and a link
    # keeps its text with the address after it, unless it points at another page of ours.
    param([string] $Text)

    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)]*)\)', {
            param($m)
            $uri = $m.Groups[2].Value
            if ($uri -match '^https?:') { "$($m.Groups[1].Value) ($uri)" } else { $m.Groups[1].Value }
        })
    return $Text -replace '(?<!`)`(?!`)', '' -replace '\*\*', ''
}

function Write-MamlPara {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)

    $Writer.WriteStartElement('maml', 'description', $script:MamlNs)
    foreach ($p in @($Paragraphs | Where-Object { $_ })) {
        # Fenced code in prose keeps its lines but loses the fence markers.
        $text = ($p -split "`n" | Where-Object { $_ -notmatch '^\s*```' }) -join "`n"
        $Writer.WriteElementString('maml', 'para', $script:MamlNs, (ConvertTo-PlainText $text))
    }

    $Writer.WriteEndElement()
}

function Get-ParameterVariant {
    # The yaml variant that applies to a parameter set; '(All)' matches every set.
    param($Parameter, [string] $SetName)

    foreach ($variant in $Parameter.Variants) {
        if ($variant.ParameterSets -contains '(All)' -or $variant.ParameterSets -contains $SetName) {
            return $variant
        }
    }
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, $Variant, [bool] $InSyntax)

    $isSwitch = $Variant.Type -match '^(System\.Management\.Automation\.)?SwitchParameter$'
    $position = if ($Variant.Position -match '^\d+$') { $Variant.Position } else { 'named' }
    $aliases = if ($Variant.Aliases) { $Variant.Aliases -join ', ' } else { 'none' }

    $Writer.WriteStartElement('command', 'parameter', $script:CommandNs)
    $Writer.WriteAttributeString('required', $Variant.Required.ToString().ToLowerInvariant())
    $isArray = $Variant.Type -match '\[\]$'
    $Writer.WriteAttributeString('variableLength', $isArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Variant.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Variant.PipelineInput)
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Parameter.Name)
    Write-MamlPara $Writer $Parameter.Description

    if ($Variant.AcceptedValues) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $script:CommandNs)
        foreach ($value in $Variant.AcceptedValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNs)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }

        $Writer.WriteEndElement()
    }

    # A switch takes no value, so the syntax line shows it bare: [-WhatIf].
    if (-not ($isSwitch -and $InSyntax)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNs)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Variant.Type)
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('dev', 'type', $script:DevNs)
    $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Variant.Type)
    $Writer.WriteElementString('maml', 'uri', $script:MamlNs, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $script:DevNs, $Variant.DefaultValue)
    $Writer.WriteEndElement()
}

function Get-SyntaxOrder {
    # Parameters of one set in the order its syntax line gives, then any the line forgot.
    param($Command, $Set)

    $inSet = @($Command.Parameters | Where-Object { Get-ParameterVariant $_ $Set.Name })
    if ($Set.Name -eq '__AllParameterSets') {
        $inSet = @($Command.Parameters)
    }

    $ordered = foreach ($name in $Set.Order) {
        $inSet | Where-Object Name -EQ $name
    }

    return @(@($ordered) + @($inSet | Where-Object { $Set.Order -notcontains $_.Name }))
}

function Write-MamlTypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Types)

    $Writer.WriteStartElement('command', $ListName, $script:CommandNs)
    foreach ($type in $Types) {
        $Writer.WriteStartElement('command', $ItemName, $script:CommandNs)
        $Writer.WriteStartElement('dev', 'type', $script:DevNs)
        $Writer.WriteElementString('maml', 'name', $script:MamlNs, $type.Name)
        $Writer.WriteEndElement()
        Write-MamlPara $Writer $type.Description
        $Writer.WriteEndElement()
    }

    $Writer.WriteEndElement()
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Writer, $Command)

    $verb, $noun = $Command.Name -split '-', 2
    $Writer.WriteStartElement('command', 'command', $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNs)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $script:CommandNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:DevNs)

    $Writer.WriteStartElement('command', 'details', $script:CommandNs)
    $Writer.WriteElementString('command', 'name', $script:CommandNs, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $script:CommandNs, $verb)
    $Writer.WriteElementString('command', 'noun', $script:CommandNs, $noun)
    Write-MamlPara $Writer @($Command.Synopsis)
    $Writer.WriteEndElement()

    Write-MamlPara $Writer $Command.Description

    $Writer.WriteStartElement('command', 'syntax', $script:CommandNs)
    foreach ($set in $Command.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:CommandNs)
        $Writer.WriteElementString('maml', 'name', $script:MamlNs, $Command.Name)
        foreach ($parameter in Get-SyntaxOrder $Command $set) {
            $variant = Get-ParameterVariant $parameter $set.Name
            if (-not $variant) {
                $variant = $parameter.Variants[0]
            }

            Write-MamlParameter $Writer $parameter $variant $true
        }

        $Writer.WriteEndElement()
    }

    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:CommandNs)
    foreach ($parameter in $Command.Parameters) {
        # Across sets a parameter is listed once; it is required if any set requires it.
        $variant = $parameter.Variants[0].PSObject.Copy()
        $variant.Required = [bool] ($parameter.Variants | Where-Object Required)
        Write-MamlParameter $Writer $parameter $variant $false
    }

    $Writer.WriteEndElement()

    Write-MamlTypeList $Writer 'inputTypes' 'inputType' $Command.Inputs
    Write-MamlTypeList $Writer 'returnValues' 'returnValue' $Command.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $script:MamlNs)
    $Writer.WriteStartElement('maml', 'alert', $script:MamlNs)
    foreach ($note in $Command.Notes) {
        $Writer.WriteElementString('maml', 'para', $script:MamlNs, (ConvertTo-PlainText $note))
    }

    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $script:CommandNs)
    foreach ($example in $Command.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:CommandNs)
        $Writer.WriteElementString('maml', 'title', $script:MamlNs, "---------- $($example.Title) ----------")
        $Writer.WriteElementString('dev', 'code', $script:DevNs, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:DevNs)
        foreach ($remark in $example.Remarks) {
            $text = if ($remark -match '^```') {
                ($remark -split "`n" | Select-Object -Skip 1 | Select-Object -SkipLast 1) -join "`n"
            }
            else {
                ConvertTo-PlainText $remark
            }

            $Writer.WriteElementString('maml', 'para', $script:MamlNs, $text)
        }

        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteEndElement()

    $Writer.WriteStartElement('maml', 'relatedLinks', $script:MamlNs)
    $links = @($Command.Links)
    if ($Command.Metadata['online version']) {
        $online = [pscustomobject] @{ Text = 'Online Version:'; Uri = $Command.Metadata['online version'] }
        $links = @($online) + $links
    }

    foreach ($link in $links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:MamlNs)
        $Writer.WriteElementString('maml', 'linkText', $script:MamlNs, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $script:MamlNs, $link.Uri)
        $Writer.WriteEndElement()
    }

    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

function Write-Maml {
    <#
    .SYNOPSIS
        Writes the commands to Path as a MAML help file (UTF-8, no BOM, indented).
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Commands
    )

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($command in $Commands) {
            Write-MamlCommand $writer $command
        }

        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}
