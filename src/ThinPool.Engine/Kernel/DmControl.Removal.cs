using System.Diagnostics;

namespace ThinPool.Engine.Kernel;

// Removal that tolerates the short EBUSY windows udev probes and just-closed openers leave.
public sealed partial class DmControl
{
    /// <summary>
    /// Removes <paramref name="name"/>, retrying EBUSY for up to <paramref name="retryFor"/>;
    /// with <paramref name="deferIfBusy"/>, an open device is instead marked for deferred removal.
    /// </summary>
    /// <param name="name">The device name.</param>
    /// <param name="retryFor">How long to keep retrying a busy device.</param>
    /// <param name="deferIfBusy">Fall back to a deferred removal instead of failing.</param>
    /// <returns>What happened.</returns>
    /// <exception cref="DeviceMapperException">Busy (and not deferred), or another failure.</exception>
    public DmRemoveOutcome RemoveWithRetry(string name, TimeSpan retryFor, bool deferIfBusy)
    {
        if (deferIfBusy)
        {
            // The kernel removes an unopened device at once even with the deferred flag, so
            // one call covers both cases without waiting out the busy retries.
            try
            {
                DmDeviceInfo info = Remove(name, deferred: true);
                return info.IsDeferredRemove ? DmRemoveOutcome.Deferred : DmRemoveOutcome.Removed;
            }
            catch (DeviceMapperException e) when (e.IsNoSuchDevice)
            {
                return DmRemoveOutcome.NotFound;
            }
        }

        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                Remove(name);
                return DmRemoveOutcome.Removed;
            }
            catch (DeviceMapperException e) when (e.IsNoSuchDevice)
            {
                return DmRemoveOutcome.NotFound;
            }
            catch (DeviceMapperException e) when (e.IsBusy && clock.Elapsed < retryFor)
            {
                Trace?.Invoke($"DM_DEV_REMOVE {name}: busy, retry in {delay.TotalMilliseconds} ms");
                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
            }
        }
    }
}
