<#
    The Ansible module (module/ansible/thinpool.ps1) driven by the example playbook against
    localhost on the offline backend: the first run changes the host, the second finds nothing
    to do, and check mode reports a change without making it.

    Ansible runs the module through its '#!/usr/bin/env pwsh' line, so a 'pwsh' wrapper that
    execs this session's pwsh is put first on PATH. ansible-core comes from Debian
    (build/Install-Dependencies.sh); without it the tests are skipped, except in CI.
#>

BeforeDiscovery {
    $script:skipAnsible = -not (Get-Command ansible-playbook -ErrorAction Ignore) -and
        $env:CI -ne 'true'
}

BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $playbook = Join-Path $root 'docs/examples/thinpool-playbook.yml'

    function Invoke-Playbook {
        # Runs the playbook on localhost; returns exit code, the recap counts and the output.
        param([string] $PoolRoot, [string[]] $Extra = @())

        $bin = Join-Path $TestDrive 'bin'
        if (-not (Test-Path (Join-Path $bin 'pwsh'))) {
            New-Item -ItemType Directory -Force -Path $bin | Out-Null
            $wrapper = Join-Path $bin 'pwsh'
            Set-Content -LiteralPath $wrapper -Value "#!/bin/sh`nexec '$(Join-Path $PSHOME 'pwsh')' `"`$@`"`n"
            & chmod +x $wrapper
        }

        $names = 'PATH', 'ANSIBLE_LIBRARY', 'THINPOOL_MODULE_PATH', 'ANSIBLE_LOCAL_TEMP',
            'ANSIBLE_REMOTE_TMP', 'ANSIBLE_NOCOLOR', 'ANSIBLE_RETRY_FILES_ENABLED', 'ANSIBLE_HOME'
        $saved = @{}
        foreach ($n in $names) {
            $saved[$n] = [Environment]::GetEnvironmentVariable($n)
        }

        try {
            $env:PATH = "$bin$([IO.Path]::PathSeparator)$env:PATH"
            $env:ANSIBLE_LIBRARY = Join-Path $root 'module/ansible'
            $env:THINPOOL_MODULE_PATH = Join-Path $root 'ThinPool.psd1'
            $env:ANSIBLE_LOCAL_TEMP = Join-Path $TestDrive 'ansible-local'
            $env:ANSIBLE_REMOTE_TMP = Join-Path $TestDrive 'ansible-remote'
            $env:ANSIBLE_HOME = Join-Path $TestDrive 'ansible-home'
            $env:ANSIBLE_NOCOLOR = '1'
            $env:ANSIBLE_RETRY_FILES_ENABLED = '0'
            $output = & ansible-playbook -i 'localhost,' -c local $playbook `
                -e "thinpool_root=$PoolRoot" @Extra 2>&1 | ForEach-Object { "$_" }
            $code = $LASTEXITCODE
        }
        finally {
            foreach ($n in $names) {
                [Environment]::SetEnvironmentVariable($n, $saved[$n])
            }
        }

        $recap = $output | Where-Object { $_ -match '^localhost\s*:' } | Select-Object -Last 1
        $counts = @{}
        foreach ($m in [regex]::Matches("$recap", '(\w+)=(\d+)')) {
            $counts[$m.Groups[1].Value] = [int] $m.Groups[2].Value
        }

        return [pscustomobject] @{
            ExitCode = $code
            Changed  = $counts['changed']
            Failed   = $counts['failed']
            Output   = $output -join "`n"
        }
    }
}

Describe 'Ansible module thinpool' -Skip:$skipAnsible {
    BeforeAll {
        if (-not (Get-Command ansible-playbook -ErrorAction Ignore)) {
            throw 'ansible-playbook is missing; build/Install-Dependencies.sh installs ansible-core.'
        }

        $poolRoot = Join-Path $TestDrive 'hosts'
        $first = Invoke-Playbook -PoolRoot $poolRoot
        $second = Invoke-Playbook -PoolRoot $poolRoot
        # Only the tagged resize task, to keep the run short.
        $check = Invoke-Playbook -PoolRoot $poolRoot -Extra @('--check', '--tags', 'grow', '-e',
            'thinpool_grown_size=3GB')

        Import-Module (Join-Path $root 'ThinPool.psd1')
        $savedRegistry = $env:THINPOOL_REGISTRY
        $env:THINPOOL_REGISTRY = Join-Path $poolRoot 'registry'
        try {
            $pool = Get-ThinPool -Name images
            $volumes = @(Get-ThinVolume -Pool images)
        }
        finally {
            $env:THINPOOL_REGISTRY = $savedRegistry
        }
    }

    Context 'first run' {
        It 'creates the pool and its two volumes' {
            $volumes.Name | Sort-Object | Should -Be @('base', 'build-1')
        }

        It 'succeeds' {
            $first.ExitCode | Should -Be 0 -Because $first.Output
        }

        It 'reports changes' {
            $first.Changed | Should -BeGreaterThan 0 -Because $first.Output
        }
    }

    Context 'second run' {
        It 'succeeds' {
            $second.ExitCode | Should -Be 0 -Because $second.Output
        }

        It 'reports no change' {
            $second.Changed | Should -Be 0 -Because $second.Output
        }
    }

    Context 'check mode with a larger size' {
        It 'reports the resize as a change' {
            $check.Changed | Should -Be 1 -Because $check.Output
        }

        It 'leaves the pool at the size the real runs gave it' {
            $pool.DataSizeBytes | Should -Be 2GB
        }
    }
}
