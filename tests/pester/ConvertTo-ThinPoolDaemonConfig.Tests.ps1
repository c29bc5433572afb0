Describe 'ConvertTo-ThinPoolDaemonConfig' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    }

    BeforeEach {
        Initialize-TestRegistry
    }

    Context 'Docker' {
        It 'selects the devicemapper storage driver' {
            $config = ConvertTo-ThinPoolDaemonConfig -DeviceName docker-thinpool -For Docker
            ($config.Text | ConvertFrom-Json).'storage-driver' | Should -Be 'devicemapper'
        }

        It 'points dm.thinpooldev at the pool and turns on deferred removal and deletion' {
            $config = ConvertTo-ThinPoolDaemonConfig -DeviceName docker-thinpool -For Docker
            ($config.Text | ConvertFrom-Json).'storage-opts' | Should -Be @(
                'dm.thinpooldev=/dev/mapper/docker-thinpool'
                'dm.use_deferred_removal=true'
                'dm.use_deferred_deletion=true'
            )
        }

        It 'names daemon.json as the file' {
            (ConvertTo-ThinPoolDaemonConfig -DeviceName tp -For Docker).Path |
                Should -Be '/etc/docker/daemon.json'
        }
    }

    Context 'containerd' {
        It 'writes the devmapper snapshotter section with the pool name' {
            $text = (ConvertTo-ThinPoolDaemonConfig -DeviceName docker-thinpool -For Containerd).Text
            $text | Should -Match '(?m)^\[plugins\."io\.containerd\.snapshotter\.v1\.devmapper"\]\n  pool_name = "docker-thinpool"$'
        }

        It 'uses the root path and base image size given' {
            $text = (ConvertTo-ThinPoolDaemonConfig -DeviceName tp -For Containerd `
                -RootPath /srv/dm -BaseImageSize 2GB).Text
            $text | Should -Match '(?m)^  root_path = "/srv/dm"\n  base_image_size = "2048MB"$'
        }
    }

    Context 'bad input' {
        It 'refuses an offline pool, which has no device' {
            New-TestPool -Name tp | Out-Null
            { Get-ThinPool -Name tp | ConvertTo-ThinPoolDaemonConfig -For Docker -ErrorAction Stop } |
                Should -Throw -ErrorId 'OfflinePoolHasNoDevice,ThinPool.Commands.ConvertToThinPoolDaemonConfigCommand'
        }

        It 'refuses a device name with a slash' {
            { ConvertTo-ThinPoolDaemonConfig -DeviceName 'a/b' -For Docker -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidDaemonConfigValue,ThinPool.Commands.ConvertToThinPoolDaemonConfigCommand'
        }

        It 'refuses a base image size that is not whole MiB' {
            { ConvertTo-ThinPoolDaemonConfig -DeviceName tp -For Containerd -BaseImageSize 1000 -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidDaemonConfigValue,ThinPool.Commands.ConvertToThinPoolDaemonConfigCommand'
        }
    }
}
