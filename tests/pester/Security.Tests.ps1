# What a pool refuses to do on a hostile file system: files only the owner can read, no
# following of planted symbolic links, names that cannot escape a directory or break dm.

BeforeDiscovery {
    $script:PlantedFiles = @('data', 'metadata', 'pool.json', 'pool.json.tmp', '.lock').ForEach({ @{ File = $_ } })
}

Describe 'Pool security' -Tag 'Security' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
        $dir = Join-Path $TestRoot 'tp'
    }

    Context 'file modes' {
        It 'creates <File> readable and writable by the owner only' -TestCases @(
            @{ File = 'data' }
            @{ File = 'metadata' }
            @{ File = 'pool.json' }
            @{ File = '.lock' }
        ) {
            param($File)
            New-TestPool -Name tp | Out-Null
            New-ThinVolume -Pool tp -Name v1 -Size 8MB | Out-Null
            '{0:d}' -f (Get-Item -Force (Join-Path $dir $File)).UnixFileMode | Should -Be 384  # 0600
        }
    }

    Context 'a symbolic link planted at a pool file' {
        It 'is not followed when <File> is created' -TestCases $PlantedFiles {
            param($File)
            New-Item -ItemType Directory -Path $dir | Out-Null
            $target = Join-Path $TestRoot 'elsewhere'
            New-Item -ItemType SymbolicLink -Path (Join-Path $dir $File) -Target $target | Out-Null

            New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline -ErrorAction SilentlyContinue | Out-Null

            Test-Path $target | Should -BeFalse
        }

        It 'leaves an existing target of a link at <File> untouched' -TestCases $PlantedFiles {
            param($File)
            New-Item -ItemType Directory -Path $dir | Out-Null
            $target = Join-Path $TestRoot 'precious'
            Set-Content -Path $target -Value 'precious'
            $before = Get-FileHashText $target
            New-Item -ItemType SymbolicLink -Path (Join-Path $dir $File) -Target $target | Out-Null

            New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline -Force -ErrorAction SilentlyContinue |
                Out-Null

            Get-FileHashText $target | Should -Be $before
        }

        It 'refuses a link at the data file with ThinPoolFilesNotEmpty' {
            New-Item -ItemType Directory -Path $dir | Out-Null
            New-Item -ItemType SymbolicLink -Path (Join-Path $dir 'data') -Target (Join-Path $TestRoot 'x') | Out-Null
            { New-ThinPool -Name tp -Path $dir -DataSize 64MB -Offline -ErrorAction Stop } |
                Should -Throw -ErrorId 'ThinPoolFilesNotEmpty,*'
        }
    }

    Context 'names' {
        It 'refuses the <Kind> name <Shown>' -TestCases @(
            @{ Kind = 'pool'; Shown = 'with /'; Name = 'a/b' }
            @{ Kind = 'pool'; Shown = '..'; Name = '..' }
            @{ Kind = 'pool'; Shown = 'with NUL'; Name = "a`0b" }
            @{ Kind = 'pool'; Shown = 'with ESC'; Name = "a`eb" }
            @{ Kind = 'volume'; Shown = 'with /'; Name = '../v' }
            @{ Kind = 'volume'; Shown = 'with DEL'; Name = "v$([char]0x7f)" }
            @{ Kind = 'volume'; Shown = 'with newline'; Name = "v`n" }
        ) {
            param($Kind, $Name)
            New-TestPool -Name tp | Out-Null
            $run = if ($Kind -eq 'pool') {
                { New-ThinPool -Name $Name -Path (Join-Path $TestRoot 'np') -DataSize 64MB -Offline -ErrorAction Stop }
            }
            else {
                { New-ThinVolume -Pool tp -Name $Name -Size 8MB -ErrorAction Stop }
            }
            $run | Should -Throw -ErrorId 'InvalidName,*'
        }

        It 'accepts a pool name of exactly 127 bytes' {
            $pool = New-ThinPool -Name ('p' * 127) -Path $dir -DataSize 64MB -Offline
            $pool.Name.Length | Should -Be 127
        }

        It 'counts UTF-8 bytes, not characters, against the device-mapper limit' {
            # 64 two-byte characters: 64 characters, 128 bytes.
            { New-ThinPool -Name ([string] [char] 0xe9 * 64) -Path $dir -DataSize 64MB -Offline -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidName,*'
        }

        It 'accepts a volume whose device-mapper name pool-volume is exactly 127 bytes' {
            New-TestPool -Name tp | Out-Null
            (New-ThinVolume -Pool tp -Name ('v' * 124) -Size 8MB).Name.Length | Should -Be 124
        }

        It 'refuses a volume whose device-mapper name would be 128 bytes' {
            New-TestPool -Name tp | Out-Null
            { New-ThinVolume -Pool tp -Name ('v' * 125) -Size 8MB -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidName,*'
        }
    }
    Context 'export targets that are not files' {
        BeforeEach {
            New-TestPool -Name tp | Out-Null
            New-TestImage -Path (Join-Path $TestRoot 'image.bin') -Size 1MB -Fill @{ 0 = 7 } | Out-Null
            Import-ThinVolume -Pool tp -Name v1 -Path (Join-Path $TestRoot 'image.bin') | Out-Null
            $pipe = Join-Path $TestRoot 'pipe'
            & mkfifo $pipe
        }

        It 'refuses to put <Cmdlet> output in place of a named pipe, even with -Force' -TestCases @(
            @{ Cmdlet = 'Export-ThinVolume'
               Run = { Export-ThinVolume -Pool tp -Name v1 -Path $pipe -Force -ErrorAction Stop } }
            @{ Cmdlet = 'Export-ThinPoolMetadata'
               Run = { Export-ThinPoolMetadata -Name tp -Path $pipe -Force -ErrorAction Stop } }
        ) {
            param($Cmdlet, $Run)
            $Run | Should -Throw -ErrorId 'PathNotRegularFile,*'
            & stat -c '%F' $pipe | Should -Be 'fifo'
            Test-Path "$pipe.partial" | Should -BeFalse
        }

        It 'refuses a directory as the target of <Cmdlet>' -TestCases @(
            @{ Cmdlet = 'Export-ThinVolume'
               Run = { Export-ThinVolume -Pool tp -Name v1 -Path $TestRoot -Force -ErrorAction Stop } }
            @{ Cmdlet = 'Export-ThinPoolMetadata'
               Run = { Export-ThinPoolMetadata -Name tp -Path $TestRoot -Force -ErrorAction Stop } }
        ) {
            param($Cmdlet, $Run)
            $Run | Should -Throw -ErrorId 'PathNotRegularFile,*'
        }

        It 'replaces a symbolic link at the target, not the file it points at' {
            $victim = Join-Path $TestRoot 'victim'
            Set-Content -Path $victim -Value 'keep'
            $link = Join-Path $TestRoot 'link.xml'
            New-Item -ItemType SymbolicLink -Path $link -Target $victim | Out-Null
            Export-ThinPoolMetadata -Name tp -Path $link -Force | Out-Null
            Get-Content $victim | Should -Be 'keep'
            (Get-Item $link).LinkType | Should -BeNullOrEmpty
            ([xml] (Get-Content -Raw $link)).superblock | Should -Not -BeNullOrEmpty
        }
    }
}
