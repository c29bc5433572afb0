namespace ThinPool.Engine.Metadata;

/// <summary>Growing the data and metadata space maps.</summary>
public sealed partial class ThinMetadata
{
    /// <summary>Grows the data space map to <paramref name="dataBlockCount"/> blocks (the
    /// kernel grows it when the data device grows). Takes effect at the next commit.</summary>
    /// <param name="dataBlockCount">The new number of data blocks.</param>
    /// <exception cref="ThinOperationException">The count is smaller than the current one
    /// (shrinking is not supported) or exceeds 2^40.</exception>
    public void ResizeData(ulong dataBlockCount)
    {
        EnsureWritable();
        ulong current = _dataMap.BlockCount;
        if (dataBlockCount < current)
        {
            throw new ThinOperationException(
                $"The data space map cannot shrink from {current} to {dataBlockCount} blocks.");
        }

        if (dataBlockCount > MetadataFormat.MaxDataBlock + 1)
        {
            throw new ThinOperationException($"{dataBlockCount} data blocks exceed the 2^40 limit.");
        }

        if (dataBlockCount == current)
        {
            return;
        }

        EnsureMetadataSpace();
        ulong perBitmap = MetadataFormat.EntriesPerBitmap;
        ulong newBitmaps = ((dataBlockCount + perBitmap - 1) / perBitmap)
                           - ((current + perBitmap - 1) / perBitmap);
        ulong free = _metadataMap.BlockCount - _metadataMap.AllocatedCount;

        // Each new bitmap takes a metadata block, and the index tree about one per 100 more.
        if (newBitmaps + (newBitmaps / 100) + MetadataReserve > free)
        {
            throw new OutOfMetadataSpaceException(
                $"Describing {dataBlockCount} data blocks needs about {newBitmaps} more metadata "
                + $"blocks but only {free} are free; grow the metadata device first.");
        }

        _dataMap.Extend(dataBlockCount - current);
        _changed = true;
    }

    /// <summary>Grows the metadata space map to <paramref name="metadataBlockCount"/> blocks
    /// (capped at <see cref="MetadataFormat.MaxMetadataBlocks"/>). Grow the device first.
    /// Takes effect at the next commit.</summary>
    /// <param name="metadataBlockCount">The new number of 4 KiB metadata blocks.</param>
    /// <exception cref="ThinOperationException">The count is smaller than the current one or
    /// larger than the device.</exception>
    public void ResizeMetadata(ulong metadataBlockCount)
    {
        EnsureWritable();
        ulong current = _metadataMap.BlockCount;
        ulong wanted = Math.Min(metadataBlockCount, MetadataFormat.MaxMetadataBlocks);
        ulong deviceBlocks = (ulong)_device.Length / MetadataFormat.BlockSize;
        if (wanted < current)
        {
            throw new ThinOperationException(
                $"The metadata space map cannot shrink from {current} to {wanted} blocks.");
        }

        if (wanted > deviceBlocks)
        {
            throw new ThinOperationException(
                $"The metadata device has {deviceBlocks} blocks, fewer than {wanted}; grow it first.");
        }

        if (wanted == current)
        {
            return;
        }

        _metadataMap.Extend(wanted - current);
        _changed = true;
    }
}
