Describe 'Two processes on one pool' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-TestRegistry
        New-TestPool -Name shared | Out-Null
        $manifest = Join-Path $PSScriptRoot '../../ThinPool.psd1'
        $worker = Join-Path $TestRoot 'worker.ps1'
        Set-Content -Path $worker -Value @'
param($Manifest, $Prefix)
$env:THINPOOL_LOCK_TIMEOUT = '60'
Import-Module $Manifest
foreach ($i in 1..6) {
    New-ThinVolume -Pool shared -Name "$Prefix$i" -Size 16MB -ErrorAction Stop | Out-Null
}
'@

        # pwsh may run as a dotnet tool (the process is dotnet, pwsh.dll its first argument).
        $self = (Get-Process -Id $PID).Path
        [string[]] $prefix = @()
        if ((Split-Path -Leaf $self) -eq 'dotnet') {
            $prefix = @(Join-Path $PSHOME 'pwsh.dll')
        }

        # Two separate processes, each creating six volumes as fast as it can.
        $processes = 'a', 'b' | ForEach-Object {
            Start-Process -FilePath $self -PassThru -NoNewWindow -ArgumentList (
                $prefix + @('-NoProfile', '-NonInteractive', '-File', $worker, $manifest, $_))
        }
        $processes | Wait-Process -Timeout 240
        $exitCodes = $processes | ForEach-Object { $_.ExitCode }
    }

    It 'lets both processes finish without an error' {
        $exitCodes | Should -Be @(0, 0)
    }

    It 'keeps every volume both created' {
        (Get-ThinVolume -Pool shared).Count | Should -Be 12
    }

    It 'gives every volume its own device id' {
        (Get-ThinVolume -Pool shared | Select-Object -ExpandProperty DeviceId -Unique).Count | Should -Be 12
    }

    It 'leaves the pool consistent' {
        (Test-ThinPool -Name shared).IsClean | Should -BeTrue
    }

    It 'advanced the transaction id once per volume' {
        (Get-ThinPoolStatus -Name shared).TransactionId | Should -Be 12
    }
}
