# LVM mode as far as it can go without lvm or device-mapper: parameter sets, refusals of bad
# input before any lvm command runs, and the LVM-only growth refused on other pools. What lvm
# and the kernel do is proven in the VM (tests/pester/Lvm, tag Lvm).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    function Get-WhatIfText {
        # What -WhatIf tells the host, which no output stream carries.
        param([scriptblock] $Script)

        $file = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $file -UseMinimalHeader | Out-Null
        try { $null = & $Script } finally { Stop-Transcript | Out-Null }
        Get-Content -Raw $file
    }
}

Describe 'New-ThinPool in LVM mode' {
    BeforeEach {
        Initialize-TestRegistry
    }

    It 'has a parameter set for building, adopting by name and adopting by device' {
        $sets = (Get-Command New-ThinPool).ParameterSets
        $sets.Name | Should -Be @('Path', 'LvmSetup', 'LvmAdopt', 'LvmDevice')
        ($sets | Where-Object IsDefault).Name | Should -Be 'Path'
    }

    It 'picks the set from the parameters given' -TestCases @(
        @{ Given = @{ VolumeGroup = 'docker'; PhysicalDevice = '/dev/xvdf' }
           Target = 'as docker/thinpool on /dev/xvdf' }
        @{ Given = @{ VolumeGroup = 'docker'; LogicalVolume = 'thinpool' }
           Target = 'from the LVM thin pool docker/thinpool' }
        @{ Given = @{ ThinPoolDevice = '/dev/mapper/docker-thinpool' }
           Target = "behind '/dev/mapper/docker-thinpool'" }
    ) {
        param($Given, $Target)
        $said = Get-WhatIfText { New-ThinPool -Name docker-thinpool @Given -WhatIf }
        $said | Should -BeLike "*$Target*"
    }

    It 'records an LVM pool beside the registry unless -Path is given' {
        $said = Get-WhatIfText {
            New-ThinPool -Name docker-thinpool -VolumeGroup docker -PhysicalDevice /dev/xvdf -WhatIf
        }
        $said | Should -BeLike "*recorded in '$(Join-Path $env:THINPOOL_REGISTRY 'docker-thinpool')'*"
    }

    It 'describes the guide''s defaults in the confirmation' {
        $said = Get-WhatIfText {
            New-ThinPool -Name docker-thinpool -VolumeGroup docker -PhysicalDevice /dev/xvdf -WhatIf
        }
        $said | Should -BeLike ('*data 95% and metadata 1% of the volume group, chunk 512 KiB, ' +
            'autoextend by 20% at 80%*')
    }

    It 'refuses <Case> with <ErrorId> before anything runs' -TestCases @(
        @{ Case = 'a volume group name with a slash'; ErrorId = 'InvalidName'; Given = @{ VolumeGroup = 'a/b' } }
        @{ Case = 'a reserved logical volume name'; ErrorId = 'InvalidName'
           Given = @{ LogicalVolume = 'pool_tmeta' } }
        @{ Case = 'a relative physical device'; ErrorId = 'InvalidDevice'; Given = @{ PhysicalDevice = 'xvdf' } }
        @{ Case = 'a physical device named twice'; ErrorId = 'InvalidDevice'
           Given = @{ PhysicalDevice = '/dev/xvdf', '/dev/xvdf' } }
        @{ Case = 'a chunk size off the 64 KiB grid'; ErrorId = 'InvalidBlockSize'; Given = @{ ChunkSize = 100KB } }
        @{ Case = 'a chunk size above 1 GiB'; ErrorId = 'InvalidBlockSize'; Given = @{ ChunkSize = 2GB } }
        @{ Case = 'data and metadata over 100%'; ErrorId = 'InvalidSize'
           Given = @{ DataPercent = 99; MetadataPercent = 5 } }
    ) {
        param($Case, $ErrorId, $Given)
        $parameters = @{ Name = 'docker-thinpool'; VolumeGroup = 'docker'; PhysicalDevice = '/dev/xvdf' }
        foreach ($key in $Given.Keys) { $parameters[$key] = $Given[$key] }
        { New-ThinPool @parameters -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,*"
        Test-Path $env:THINPOOL_REGISTRY | Should -BeFalse
    }

    It 'refuses autoextend settings out of range with ParameterArgumentValidationError' -TestCases @(
        @{ Given = @{ AutoExtendThresholdPercent = 40 } }
        @{ Given = @{ AutoExtendPercent = 0 } }
        @{ Given = @{ DataPercent = 0 } }
    ) {
        param($Given)
        { New-ThinPool -Name docker-thinpool -VolumeGroup docker -PhysicalDevice /dev/xvdf @Given `
                -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'does not mix LVM parameters with a pool on files' {
        { New-ThinPool -Name tp -Path (Join-Path $TestRoot 'tp') -VolumeGroup docker -Offline `
                -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }

    It 'needs the kernel for a valid LVM pool where there is none, with KernelUnavailable' `
        -Skip:(Test-Path /dev/mapper/control) {
        { New-ThinPool -Name docker-thinpool -VolumeGroup docker -PhysicalDevice /dev/xvdf -Confirm:$false `
                -ErrorAction Stop } | Should -Throw -ErrorId 'KernelUnavailable,*'
        { New-ThinPool -Name docker-thinpool -ThinPoolDevice /dev/mapper/docker-thinpool -Confirm:$false `
                -ErrorAction Stop } | Should -Throw -ErrorId 'KernelUnavailable,*'
        Test-Path $env:THINPOOL_REGISTRY | Should -BeFalse
    }
}

Describe 'Resize-ThinPool with the LVM-only growth' {
    BeforeEach {
        Initialize-TestRegistry
        New-TestPool -Name tp | Out-Null
        $before = Get-PoolFileState -Directory (Join-Path $TestRoot 'tp')
    }

    It 'refuses -AddPhysicalDevice on a pool that is not an LVM pool with WrongPoolMode' {
        { Resize-ThinPool -Name tp -AddPhysicalDevice /dev/xvdg -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'WrongPoolMode,*'
        Get-PoolFileState -Directory (Join-Path $TestRoot 'tp') | Should -Be $before
    }

    It 'refuses -UseMaximumSize on a pool that is not an LVM pool with WrongPoolMode' {
        { Resize-ThinPool -Name tp -UseMaximumSize -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'WrongPoolMode,*'
    }

    It 'refuses -DataSize beside -UseMaximumSize with ConflictingSizes' {
        { Resize-ThinPool -Name tp -UseMaximumSize -DataSize 128MB -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConflictingSizes,*'
        Get-PoolFileState -Directory (Join-Path $TestRoot 'tp') | Should -Be $before
    }

    It 'refuses -AddPhysicalDevice beside -AutoExtend with AutoExtendWithSize' {
        { Resize-ThinPool -Name tp -AutoExtend -AddPhysicalDevice /dev/xvdg -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'AutoExtendWithSize,*'
    }

    It 'refuses it under -WhatIf too, rather than describe a growth that cannot happen' {
        { Resize-ThinPool -Name tp -AddPhysicalDevice /dev/xvdg -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'WrongPoolMode,*'
        Get-PoolFileState -Directory (Join-Path $TestRoot 'tp') | Should -Be $before
    }

    It 'reports an unknown pool as ThinPoolNotFound' {
        { Resize-ThinPool -Name nosuch -UseMaximumSize -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ThinPoolNotFound,*'
    }
}

Describe 'Import-ThinPoolMetadata and an LVM pool' {
    It 'is refused with WrongPoolMode, since only lvm may replace the metadata LV' {
        # A record of an LVM pool, as New-ThinPool -VolumeGroup writes it; no lvm is needed
        # to see the refusal, which comes before any device is touched.
        Initialize-TestRegistry
        New-TestPool -Name lp | Out-Null
        $record = Join-Path $TestRoot 'lp/pool.json'
        $json = Get-Content -Raw $record | ConvertFrom-Json
        $json.mode = 'Lvm'
        $json | Add-Member volumeGroup 'docker' -Force
        $json | Add-Member logicalVolume 'thinpool' -Force
        $json | ConvertTo-Json -Depth 5 | Set-Content -Path $record
        $xml = Join-Path $TestRoot 'in.xml'
        Set-Content -Path $xml -Value '<superblock/>'
        { Import-ThinPoolMetadata -Name lp -Path $xml -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'WrongPoolMode,*'
    }
}
