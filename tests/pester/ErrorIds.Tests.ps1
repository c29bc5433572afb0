# ErrorIds that no other file provokes, and a check that every ErrorId the cmdlets can write
# is provoked by some test (here, in another Pester file, or in the VM suites) or is listed
# below with the reason no test can reach it.

BeforeDiscovery {
    $commands = Join-Path $PSScriptRoot '../../src/ThinPool.Commands'
    $script:ErrorIds = @(Get-ChildItem -Path $commands -Recurse -Filter '*.cs' |
        Select-String -Pattern '"([A-Z][A-Za-z]+)", ErrorCategory\.' -AllMatches |
        ForEach-Object { $_.Matches } | ForEach-Object { $_.Groups[1].Value } |
        Sort-Object -Unique | ForEach-Object { @{ ErrorId = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    # Ids that no cmdlet call can provoke in a test, and why. Keep this list short and true.
    $script:Unprovoked = @{
        DeviceIdsExhausted      = 'needs all 16,777,215 device ids of a pool in use'
        TransactionMismatch     = 'the pool lock and the record check (ThinPoolRecordMismatch) stop every caller first'
        ThinDeviceExists        = 'new ids are picked from those neither the metadata nor the names use'
        KernelDeviceFailed      = 'a device-mapper refusal other than EBUSY; the kernel driver tests errno handling'
        ThinOperationFailed     = 'fallback for an engine failure with no more precise id'
        ThinPoolFailed          = 'fallback for an engine failure with no more precise id'
        ThinPoolUnexpectedError = 'fallback for an unknown exception'
        NotImplemented          = 'fallback for a path that is not implemented'
        LvmReportInvalid        = 'needs lvm to print a report unlike its documented JSON; xUnit ' +
            'covers the parser (LvmReportTests)'
    }

    $testsDirectory = Join-Path $PSScriptRoot '..'
    $script:TestText = (Get-ChildItem -Path $testsDirectory -Recurse -Include '*.ps1', '*.sh', '*.cs' |
        Where-Object FullName -NotMatch '[\\/](bin|obj)[\\/]' |
        ForEach-Object { Get-Content -Raw $_.FullName }) -join "`n"
}

Describe 'Every ErrorId is provoked by a test' -Tag 'Contract' {
    It '<ErrorId> is asserted by a test, or listed with the reason none can reach it' -TestCases $ErrorIds {
        param($ErrorId)
        $asserted = $TestText -match "'$ErrorId(,[^']*)?'"
        ($asserted -or $Unprovoked.ContainsKey($ErrorId)) | Should -BeTrue -Because `
            "no test asserts the ErrorId $ErrorId and it is not listed as unprovokable"
    }

    It 'lists as unprovokable only ids the cmdlets can write and no test asserts' {
        foreach ($id in $Unprovoked.Keys) {
            $ErrorIds.ErrorId | Should -Contain $id
            $TestText | Should -Not -Match "'$id(,[^']*)?'" -Because "a test provokes $id now"
        }
    }
}

Describe 'Errors from the engine, through the cmdlets' -Tag 'BadInput' {
    BeforeEach {
        Initialize-TestRegistry
    }

    It 'refuses metadata XML that does not fit the metadata device with OutOfMetadataSpace' {
        # 2 MiB of metadata holds 512 blocks; 200,000 mappings need more than 800.
        $pool = Join-Path $TestRoot 'tp'
        New-ThinPool -Name tp -Path $pool -DataSize 16GB -MetadataSize 2MB -Offline | Out-Null
        New-ThinVolume -Pool tp -Name v1 -Size 16GB | Out-Null
        $xml = [xml] (Export-ThinPoolMetadata -Name tp)
        $mapping = $xml.CreateElement('range_mapping')
        @{ origin_begin = '0'; data_begin = '0'; length = '200000'; time = '0' }.GetEnumerator() |
            ForEach-Object { $mapping.SetAttribute($_.Key, $_.Value) }
        $null = $xml.superblock.device.AppendChild($mapping)
        $xml.superblock.device.SetAttribute('mapped_blocks', '200000')
        $document = Join-Path $TestRoot 'large.xml'
        $xml.Save($document)
        # The data file is 16 GiB of holes: hash what an import could change.
        $state = { 'metadata', 'pool.json' | ForEach-Object { Get-FileHashText (Join-Path $pool $_) } }
        $before = & $state

        { Import-ThinPoolMetadata -Name tp -Path $document -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'OutOfMetadataSpace,*'
        & $state | Should -Be $before
        Test-Path (Join-Path $pool 'metadata.import') | Should -BeFalse
    }

    It 'reports a name whose device is missing from the metadata with ThinDeviceNotFound' {
        New-TestPool -Name tp | Out-Null
        New-ThinVolume -Pool tp -Name v1 -Size 8MB | Out-Null
        $record = Join-Path $TestRoot 'tp/pool.json'
        $json = Get-Content -Raw $record | ConvertFrom-Json
        $json.volumes[0].deviceId = 99
        $json | ConvertTo-Json -Depth 5 | Set-Content -Path $record
        $before = Get-PoolFileState -Directory (Join-Path $TestRoot 'tp')

        { New-ThinSnapshot -Pool tp -Origin v1 -Name s1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ThinDeviceNotFound,*'
        Get-PoolFileState -Directory (Join-Path $TestRoot 'tp') | Should -Be $before
    }
}
