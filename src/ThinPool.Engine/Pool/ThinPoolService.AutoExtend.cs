namespace ThinPool.Engine.Pool;

public sealed partial class ThinPoolService
{
    /// <summary>
    /// Grows a pool only where its use has crossed <paramref name="thresholdPercent"/>: data by
    /// <paramref name="extendPercent"/> of its size (up to <paramref name="maximumDataBytes"/>),
    /// metadata by the same share (up to the format's maximum). Below the threshold nothing
    /// changes. Works on live pools (the kernel's counters) and offline ones alike.
    /// </summary>
    /// <param name="name">The pool name.</param>
    /// <param name="thresholdPercent">Use at or above which a part grows (50 to 100).</param>
    /// <param name="extendPercent">How much a part grows, in percent of its size (1 to 1000).</param>
    /// <param name="maximumDataBytes">The largest data size to grow to; null for no limit.</param>
    /// <returns>The pool, and whether anything grew.</returns>
    public (ThinPoolInfo Pool, bool Grew) AutoExtendPool(string name, double thresholdPercent,
        double extendPercent, long? maximumDataBytes)
    {
        if (thresholdPercent is < 50 or > 100 || extendPercent is <= 0 or > 1000)
        {
            throw new PoolOperationException(PoolErrorReason.InvalidSize, name,
                $"Autoextend needs a threshold from 50 to 100 percent (got {thresholdPercent}) "
                + $"and an extension above 0 and at most 1000 percent (got {extendPercent}).");
        }

        ThinPoolStatus status = GetStatus(name);
        long? data = null;
        long? metadata = null;
        if (status.DataUsedPercent >= thresholdPercent)
        {
            long grown = Grow(status.DataTotalBytes, extendPercent, status.BlockSizeBytes);
            long cap = maximumDataBytes ?? long.MaxValue;
            data = Math.Min(grown, cap) / status.BlockSizeBytes * status.BlockSizeBytes;
            if (data <= status.DataTotalBytes)
            {
                _sink.Warning($"Pool '{name}' data is {status.DataUsedPercent}% used, but it is "
                    + $"already at its maximum of {cap} bytes.");
                data = null;
            }
        }

        if (status.MetadataUsedPercent >= thresholdPercent
            && status.MetadataTotalBytes < PoolRules.MaxMetadataBytes)
        {
            metadata = Math.Min(PoolRules.MaxMetadataBytes, Grow(status.MetadataTotalBytes,
                extendPercent, PoolRules.MetadataBlockBytes));
        }

        if (data is null && metadata is null)
        {
            _sink.Query($"Pool '{name}' is below {thresholdPercent}% use (data "
                + $"{status.DataUsedPercent}%, metadata {status.MetadataUsedPercent}%); "
                + "nothing to extend.");
            return (GetPool(name), false);
        }

        return (ResizePool(name, data, metadata), true);
    }

    private static long Grow(long bytes, double percent, long unit)
    {
        long grown = (long)Math.Ceiling(bytes * (1 + percent / 100) / unit) * unit;
        return Math.Max(grown, bytes + unit);
    }
}
