using ThinPool.Engine.IO;

namespace ThinPool.Engine.Metadata;

// Design notes: copy-on-write sharing and crash consistency.
//
// Nothing reachable from the committed superblock is ever written in place. Every change
// shadows the blocks it touches (TransactionManager.Shadow): a block already copied in this
// transaction and referenced once is changed in place, anything else is copied to a block
// that was free both now and at the last commit. So until block 0 is rewritten, the previous
// transaction is intact on disk, and Commit writes every other dirty block and flushes before
// it writes block 0 (364 bytes, inside one atomic sector) and flushes again.
//
// Sharing is counted, not copied: a snapshot adds a reference to the origin's bottom-tree root
// and nothing else. When a shared node is later shadowed the copy adds one pointer to each of
// its children (metadata counts) or to each data block its leaf entries name (data counts), so
// every count always equals the number of pointers to the block. The metadata space map counts
// its own bitmaps, so it allocates from itself through a queue of deferred operations.
//
// Device details live in memory and are written into the details tree at commit, before the
// space maps are committed, because writing them allocates metadata blocks.

/// <summary>
/// The kernel's dm-thin pool metadata, read and written in user space: thin devices, their
/// block mappings and both space maps, changed in transactions that <see cref="Commit"/> makes
/// durable in the kernel's crash-safe order. Not thread-safe: one caller at a time.
/// </summary>
/// <remarks>
/// Operations validate their arguments and throw a <see cref="ThinOperationException"/>
/// subclass before changing anything. Damaged metadata raises
/// <see cref="MetadataCorruptException"/>; after one, or after running out of metadata space in
/// the middle of an operation, call <see cref="Abort"/> to return to the last commit.
/// </remarks>
public sealed partial class ThinMetadata : IDisposable
{
    /// <summary>Free metadata blocks an operation needs before it starts, so that it does not
    /// run out half-way (a btree change touches a few blocks per level).</summary>
    private const ulong MetadataReserveBlocks = 64;

    private readonly IBlockDevice _device;
    private readonly bool _readOnly;
    private readonly bool _snapshotView;
    private readonly SortedDictionary<ulong, DeviceState> _devices = new();
    private BlockManager _blocks = null!;
    private TransactionManager _tm = null!;
    private MetadataSpaceMap _metadataMap = null!;
    private DataSpaceMap _dataMap = null!;
    private BTree _bottom = null!;
    private BTree _topPointers = null!;
    private BTree _topDevices = null!;
    private BTree _details = null!;
    private Superblock _super = null!;
    private bool _changed;
    private bool _disposed;

    private ThinMetadata(IBlockDevice device, bool readOnly, bool snapshotView)
    {
        _device = device;
        _readOnly = readOnly;
        _snapshotView = snapshotView;
    }

    /// <summary>Data block size in 512-byte sectors.</summary>
    public uint DataBlockSizeSectors => _super.DataBlockSize;

    /// <summary>Number of data blocks the data space map describes.</summary>
    public ulong DataBlockCount => _dataMap.BlockCount;

    /// <summary>Number of data blocks with a reference count above zero.</summary>
    public ulong DataBlocksUsed => _dataMap.AllocatedCount;

    /// <summary>Number of metadata blocks (4 KiB) the metadata space map describes.</summary>
    public ulong MetadataBlockCount => _metadataMap.BlockCount;

    /// <summary>Number of metadata blocks in use.</summary>
    public ulong MetadataBlocksUsed => _metadataMap.AllocatedCount;

    /// <summary>The userspace transaction id (see <see cref="SetTransactionId"/>).</summary>
    public ulong TransactionId => _super.TransactionId;

    /// <summary>The pool's snapshot time counter: incremented by every snapshot.</summary>
    public uint Time => _super.Time;

    /// <summary>Block of the held metadata snapshot, or null when none is held.</summary>
    public ulong? HeldRoot => _super.HeldRoot == 0 ? null : _super.HeldRoot;

    /// <summary>True when the NEEDS_CHECK flag is set.</summary>
    public bool NeedsCheck => (_super.Flags & MetadataFormat.NeedsCheckFlag) != 0;

    /// <summary>True when something changed since the last commit.</summary>
    public bool HasUncommittedChanges => _changed;

    /// <summary>True when this instance refuses changes.</summary>
    public bool IsReadOnly => _readOnly;

    /// <summary>True when this instance shows the held metadata snapshot rather than the live
    /// metadata (see <see cref="OpenMetadataSnapshot"/>).</summary>
    public bool IsMetadataSnapshot => _snapshotView;

    /// <summary>The thin devices, in ascending id order.</summary>
    public IReadOnlyList<ThinDeviceInfo> Devices => _devices.Values.Select(d => d.Info).ToList();

    /// <summary>A copy of the superblock as of now (including uncommitted changes to its
    /// fields; the tree roots are those of the last commit or of this view).</summary>
    public Superblock Superblock => _super.Clone();

    /// <summary>
    /// Formats empty metadata the way the kernel does when it finds a zeroed metadata device
    /// (spec 10), commits, then grows the data space map to <paramref name="dataBlockCount"/>
    /// and commits again (the kernel's first resume). With a count of 0 the device holds
    /// exactly the kernel's format-time image.
    /// </summary>
    /// <param name="metadata">The metadata device (writable, at least 64 KiB); its old
    /// content is ignored.</param>
    /// <param name="dataBlockSizeSectors">Data block size in sectors: a multiple of 128 in
    /// 128 ..= 2,097,152.</param>
    /// <param name="dataBlockCount">Data blocks of the pool.</param>
    /// <returns>The open, committed metadata.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is invalid.</exception>
    /// <exception cref="ArgumentException">The device is read-only or too small.</exception>
    public static ThinMetadata Format(IBlockDevice metadata, uint dataBlockSizeSectors,
                                      ulong dataBlockCount)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ValidateDataBlockSize(dataBlockSizeSectors);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataBlockCount, MetadataFormat.MaxDataBlock + 1);
        if (metadata.IsReadOnly)
        {
            throw new ArgumentException("The metadata device is read-only.", nameof(metadata));
        }

        ulong deviceBlocks = (ulong)metadata.Length / MetadataFormat.BlockSize;
        if (deviceBlocks < 16)
        {
            throw new ArgumentException(
                $"The metadata device has {deviceBlocks} blocks; at least 16 (64 KiB) are needed.",
                nameof(metadata));
        }

        var md = new ThinMetadata(metadata, readOnly: false, snapshotView: false);
        md.BuildFresh(Math.Min(deviceBlocks, MetadataFormat.MaxMetadataBlocks), dataBlockSizeSectors);
        md.Commit();
        if (dataBlockCount > 0)
        {
            md.ResizeData(dataBlockCount);
            md.Commit();
        }

        return md;
    }

    /// <summary>Opens existing metadata, validating the superblock (magic, checksum, location,
    /// version, feature flags, block sizes) and the space maps' sizes against the device.</summary>
    /// <param name="metadata">The metadata device.</param>
    /// <param name="readOnly">Refuse every change when true (forced when the device is
    /// read-only).</param>
    /// <returns>The open metadata.</returns>
    /// <exception cref="MetadataCorruptException">Block 0 is not valid dm-thin metadata, or a
    /// structure it points at is damaged.</exception>
    /// <exception cref="ThinOperationException">The metadata uses features that forbid
    /// writing and <paramref name="readOnly"/> is false.</exception>
    public static ThinMetadata Open(IBlockDevice metadata, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var md = new ThinMetadata(metadata, readOnly || metadata.IsReadOnly, snapshotView: false);
        md.Load();
        return md;
    }

    /// <summary>
    /// Opens the held metadata snapshot (see <see cref="ReserveMetadataSnapshot"/>) read-only:
    /// devices and mappings are those of the held copy; space-map figures are the live ones.
    /// </summary>
    /// <param name="metadata">The metadata device.</param>
    /// <returns>A read-only view.</returns>
    /// <exception cref="MetadataSnapshotException">No metadata snapshot is held.</exception>
    /// <exception cref="MetadataCorruptException">The metadata is damaged.</exception>
    public static ThinMetadata OpenMetadataSnapshot(IBlockDevice metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var md = new ThinMetadata(metadata, readOnly: true, snapshotView: true);
        md.Load();
        return md;
    }

    /// <summary>
    /// Makes everything since the last commit durable, in the kernel's order: device details
    /// into their tree, both space maps, every other block written and flushed, and finally
    /// block 0 written and flushed. Flush the data device first.
    /// </summary>
    /// <exception cref="ThinOperationException">The metadata is open read-only.</exception>
    public void Commit()
    {
        EnsureWritable();
        WriteChangedDetails();
        _dataMap.Commit();
        _metadataMap.Commit();
        _blocks.WriteDirty();

        _super.DataSpaceMap = _dataMap.Root;
        _super.MetadataSpaceMap = _metadataMap.Root;
        var block0 = new byte[MetadataFormat.BlockSize];
        _super.Location = 0;
        _super.Write(block0);
        _blocks.WriteBlockNow(0, block0, MetadataBlockKind.Superblock);
        _tm.ClearShadows();
        _changed = false;
    }

    /// <summary>Drops every change since the last commit and reloads the committed state.</summary>
    public void Abort()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _blocks.DropDirty();
        Load();
    }

    /// <summary>Forgets the in-memory state. Uncommitted changes are lost; the device is not
    /// disposed (its owner does that).</summary>
    public void Dispose()
    {
        _disposed = true;
        _devices.Clear();
    }

    private static void ValidateDataBlockSize(uint sectors)
    {
        if (sectors < MetadataFormat.MinDataBlockSizeSectors || sectors > MetadataFormat.MaxDataBlockSizeSectors
            || sectors % MetadataFormat.MinDataBlockSizeSectors != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(sectors), sectors,
                "The data block size must be a multiple of 128 sectors between 128 and 2097152.");
        }
    }

    private void CreateMachinery()
    {
        _blocks = new BlockManager(_device);
        _tm = new TransactionManager(_blocks);
    }

    private void CreateTrees()
    {
        _bottom = new BTree(_tm, new BlockTimeValueType(_dataMap));
        _topPointers = new BTree(_tm, new BlockPointerValueType(_metadataMap));
        _topDevices = new BTree(_tm, new DeviceRootValueType(_metadataMap, _bottom));
        _details = new BTree(_tm, new PlainValueType(DeviceDetails.Size));
    }

    private void BuildFresh(ulong metadataBlocks, uint dataBlockSize)
    {
        CreateMachinery();
        var refCounts = new BTree(_tm, new PlainValueType(4));
        _metadataMap = MetadataSpaceMap.Format(_tm, refCounts, metadataBlocks);
        _dataMap = DataSpaceMap.Create(
            _tm, new BTree(_tm, new PlainValueType(IndexEntry.Size)), refCounts);
        CreateTrees();
        _super = new Superblock
        {
            DataMappingRoot = _topPointers.CreateEmpty(),
            DeviceDetailsRoot = _details.CreateEmpty(),
            DataBlockSize = dataBlockSize,
            MetadataBlockCount = metadataBlocks,
        };
        _changed = true;
    }

    private void Load()
    {
        CreateMachinery();
        _devices.Clear();
        _changed = false;
        if (_device.Length < MetadataFormat.BlockSize)
        {
            throw new MetadataCorruptException(0, "the metadata device is smaller than one block");
        }

        byte[] raw = _blocks.ReadRaw(0);
        if (!raw.AsSpan().ContainsAnyExcept((byte)0))
        {
            throw new MetadataCorruptException(0, "block 0 is all zeros: the metadata is not formatted");
        }

        BlockValidator.Validate(raw, 0, MetadataBlockKind.Superblock);
        Superblock super = Superblock.Read(raw);
        ValidateSuperblock(super);

        var refCounts = new BTree(_tm, new PlainValueType(4));
        _metadataMap = MetadataSpaceMap.Open(_tm, refCounts, super.MetadataSpaceMap);
        _dataMap = DataSpaceMap.Open(
            _tm, new BTree(_tm, new PlainValueType(IndexEntry.Size)), refCounts, super.DataSpaceMap);
        CreateTrees();
        _super = super;
        if (_snapshotView)
        {
            UseHeldCopy();
        }

        foreach ((ulong id, Node leaf, int index) in _details.Walk(_super.DeviceDetailsRoot))
        {
            _devices[id] = new DeviceState(DeviceDetails.Read(id, leaf.Value(index)));
        }
    }

    private void UseHeldCopy()
    {
        if (_super.HeldRoot == 0)
        {
            throw new MetadataSnapshotException("No metadata snapshot is held.");
        }

        Superblock held = Superblock.Read(_blocks.Read(_super.HeldRoot, MetadataBlockKind.Superblock));
        _super = _super.Clone();
        _super.DataMappingRoot = held.DataMappingRoot;
        _super.DeviceDetailsRoot = held.DeviceDetailsRoot;
        _super.Time = held.Time;
        _super.TransactionId = held.TransactionId;
        _super.Flags = held.Flags;
    }

    private void ValidateSuperblock(Superblock super)
    {
        if (super.Version is < 1 or > MetadataFormat.Version)
        {
            throw new MetadataCorruptException(0, $"unsupported metadata version {super.Version}");
        }

        if (super.IncompatFlags != 0)
        {
            throw new MetadataCorruptException(
                0, $"unsupported incompatible feature flags 0x{super.IncompatFlags:x}");
        }

        if (super.CompatReadOnlyFlags != 0 && !_readOnly)
        {
            throw new ThinOperationException(
                $"The metadata uses read-only-compatible features 0x{super.CompatReadOnlyFlags:x};"
                + " open it read-only.");
        }

        if (super.MetadataBlockSize != MetadataFormat.BlockSizeSectors)
        {
            throw new MetadataCorruptException(
                0, $"metadata block size {super.MetadataBlockSize} sectors, expected 8");
        }

        try
        {
            ValidateDataBlockSize(super.DataBlockSize);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new MetadataCorruptException(0, $"invalid data block size {super.DataBlockSize}", e);
        }

        ulong deviceBlocks = (ulong)_device.Length / MetadataFormat.BlockSize;
        if (super.MetadataSpaceMap.BlockCount > deviceBlocks)
        {
            throw new MetadataCorruptException(
                0, $"the metadata space map describes {super.MetadataSpaceMap.BlockCount} blocks "
                   + $"but the device has {deviceBlocks}");
        }

        if (super.MetadataSpaceMap.BlockCount > MetadataFormat.MaxMetadataBlocks
            || super.MetadataSpaceMap.AllocatedCount > super.MetadataSpaceMap.BlockCount
            || super.DataSpaceMap.AllocatedCount > super.DataSpaceMap.BlockCount)
        {
            throw new MetadataCorruptException(0, "space map root counts are inconsistent");
        }
    }

    private ulong MetadataReserve => Math.Min(MetadataReserveBlocks, _metadataMap.BlockCount / 10);

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readOnly)
        {
            throw new ThinOperationException("The metadata is open read-only.");
        }
    }

    /// <summary>Refuses to start a change when the metadata device is nearly full.</summary>
    private void EnsureMetadataSpace()
    {
        EnsureWritable();
        if (_metadataMap.BlockCount - _metadataMap.AllocatedCount < MetadataReserve)
        {
            throw new OutOfMetadataSpaceException(
                $"Only {_metadataMap.BlockCount - _metadataMap.AllocatedCount} metadata blocks are "
                + "free; grow the metadata device first.");
        }
    }

    private void WriteChangedDetails()
    {
        Span<byte> value = stackalloc byte[DeviceDetails.Size];
        foreach (DeviceState device in _devices.Values)
        {
            if (!device.Changed)
            {
                continue;
            }

            DeviceDetails.Write(device.Info, value);
            _super.DeviceDetailsRoot = _details.Insert(_super.DeviceDetailsRoot, device.Info.DeviceId,
                                                       value, out _);
            device.Changed = false;
        }
    }

    /// <summary>In-memory details of one device, written to the details tree at commit.</summary>
    private sealed class DeviceState
    {
        public DeviceState(ThinDeviceInfo info)
        {
            Info = info;
        }

        public ThinDeviceInfo Info { get; set; }

        public bool Changed { get; set; }
    }
}
