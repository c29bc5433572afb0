using ThinPool.Engine.IO;
using ThinPool.Engine.Kernel;

namespace ThinPool.Engine.Pool;

// Volume data on a live pool: Import-ThinVolume and Export-ThinVolume read and write through
// the volume's /dev/mapper device, activated for the call when it was not active already.
internal sealed partial class KernelBackend
{
    /// <summary>
    /// Tells the backend the name and size of a volume that is not in the committed record yet
    /// (an import creating it), so its blocks can be reached through its device.
    /// </summary>
    public void Announce(VolumeRecord record) => _announced[record.DeviceId] = record.Clone();

    public void ReadBlock(ulong deviceId, ulong virtualBlock, Span<byte> buffer) =>
        Volume(deviceId, write: false).Device.Read((long)virtualBlock * _descriptor.BlockBytes,
            buffer);

    public void WriteBlock(ulong deviceId, ulong virtualBlock, ReadOnlySpan<byte> buffer)
    {
        _mappings.Remove(deviceId);
        _devices = null;
        Volume(deviceId, write: true).Device.Write((long)virtualBlock * _descriptor.BlockBytes,
            buffer);
    }

    public void DiscardBlock(ulong deviceId, ulong virtualBlock)
    {
        VolumeHandle volume = Volume(deviceId, write: true);
        _mappings.Remove(deviceId);
        _devices = null;
        volume.Device.Flush();
        BlockDeviceControl.Discard(volume.Path, (long)virtualBlock * _descriptor.BlockBytes,
            _descriptor.BlockBytes);
    }

    private VolumeHandle Volume(ulong deviceId, bool write)
    {
        if (_volumes.TryGetValue(deviceId, out VolumeHandle? open) && (open.Writable || !write))
        {
            return open;
        }

        VolumeRecord record = _announced.GetValueOrDefault(deviceId)
            ?? _descriptor.Volumes.Find(v => v.DeviceId == deviceId)
            ?? throw new PoolOperationException(PoolErrorReason.VolumeNotFound,
                deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Thin device {deviceId} has no name in pool '{_descriptor.Name}'.");
        if (open is not null)
        {
            open.Dispose(Pool);
            _volumes.Remove(deviceId);
        }

        KernelThinVolume? active = Pool.FindVolume(record.Name);
        bool activated = active is null;
        active ??= Pool.ActivateVolume(record.Name, deviceId, (ulong)record.SizeBytes / 512);
        try
        {
            string path = PoolBackends.ResolveDevice(active.DevicePath);
            var handle = new VolumeHandle(record.Name, path,
                FileBlockDevice.Open(path, readOnly: !write), write, activated);
            _volumes[deviceId] = handle;
            return handle;
        }
        catch
        {
            if (activated)
            {
                _ = Pool.DeactivateVolume(record.Name);
            }

            throw;
        }
    }

    private sealed class VolumeHandle(string name, string path, FileBlockDevice device,
        bool writable, bool activatedHere)
    {
        public string Path { get; } = path;

        public FileBlockDevice Device { get; } = device;

        public bool Writable { get; } = writable;

        public void Dispose(KernelThinPool pool)
        {
            Device.Dispose();
            if (activatedHere)
            {
                _ = pool.DeactivateVolume(name);
            }
        }
    }
}
