@{
    # The assembly is a nested module so that its module base is out/bin, where Get-Help looks
    # for en-US/ThinPool.dll-Help.xml; as RootModule, help would be sought beside this file.
    # build/Build-Package.ps1 rewrites this to RootModule = 'ThinPool.dll' in the package.
    NestedModules        = @('out/bin/ThinPool.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '6f3d7c2e-5b1a-4e8f-9c4d-2a7e1b9f0c31'
    Author               = 'ThinPool contributors'
    CompanyName          = 'ThinPool'
    Copyright            = '(c) ThinPool contributors. MIT License.'
    Description          = 'Linux device-mapper thin pools from PowerShell: loop, direct and LVM pools, thin volumes and snapshots, live resize and actionable status, with an offline engine that reads and writes the kernel''s dm-thin metadata.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/ThinPool.Format.ps1xml')
    TypesToProcess       = @()
    CmdletsToExport      = @(
        'ConvertTo-ThinPoolDaemonConfig'
        'Dismount-ThinPool'
        'Dismount-ThinVolume'
        'Export-ThinPoolMetadata'
        'Export-ThinVolume'
        'Get-ThinPool'
        'Get-ThinPoolStatus'
        'Get-ThinVolume'
        'Import-ThinPoolMetadata'
        'Import-ThinVolume'
        'Mount-ThinPool'
        'Mount-ThinVolume'
        'New-ThinPool'
        'New-ThinSnapshot'
        'New-ThinVolume'
        'Remove-ThinPool'
        'Remove-ThinVolume'
        'Resize-ThinPool'
        'Test-ThinPool'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Linux', 'DeviceMapper', 'ThinProvisioning', 'Storage', 'LVM', 'Docker')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See README.md.'
        }
    }
}
