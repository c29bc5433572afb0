namespace ThinPool.Engine.Pool;

/// <summary>
/// Finishes or undoes a name change that a killed process left half done, before a writable
/// session uses the pool.
/// </summary>
/// <remarks>
/// <para>An offline pool needs nothing here: its metadata changes and the transaction id swap
/// land in one commit, so <see cref="PoolDescriptorStore.Reconcile"/> alone picks the right
/// record. A pool running in the kernel is different: every thin-pool message is committed by
/// the kernel as it is sent, so a process killed between <c>create_thin</c>,
/// <c>create_snap</c> or <c>delete</c> and the <c>set_transaction_id</c> that follows leaves
/// the metadata changed under the old transaction id, with the staged record describing the
/// change. Reconciling by transaction id alone would then keep a name whose device is gone,
/// or leave a device (a snapshot holding its origin's blocks) that no name reaches.</para>
/// <para>So when the staged record is one transaction ahead of the metadata, the devices
/// decide: if the change reached the metadata, it is completed (deletions it had not sent yet
/// are sent, the transaction id swapped) and the staged record promoted; if a creation it
/// staged did not happen, what it did create is deleted and the staged record dropped. A
/// device it suspended (the origin of a snapshot, the pool during a resize) is resumed;
/// an LVM pool itself is left to lvm, which suspends it on its own.</para>
/// </remarks>
internal static class PoolRecovery
{
    public static void Recover(string directory, PoolDescriptor committed, IPoolBackend backend,
        IPoolSink sink)
    {
        // lvm suspends an LVM pool itself (lvextend, dmeventd's autoextend), outside our lock.
        if (backend is KernelBackend live && live.Mode != PoolMode.Lvm)
        {
            ResumeSuspended(live, live.Pool.Name, sink);
        }

        // Most opens find no staged record and need no more than this file check.
        if (PoolDescriptorStore.ReadPending(directory) is not { } pending)
        {
            return;
        }

        ulong current = backend.ReadUsage().TransactionId;
        if (committed.TransactionId != current || pending.TransactionId != current + 1)
        {
            return;
        }

        if (backend is KernelBackend kernel)
        {
            foreach (VolumeRecord volume in committed.Volumes)
            {
                ResumeSuspended(kernel, kernel.Pool.VolumeDeviceName(volume.Name), sink);
            }
        }

        HashSet<ulong> before = DeviceIds(committed);
        HashSet<ulong> after = DeviceIds(pending);
        var inMetadata = backend.Devices.Select(d => d.DeviceId).ToHashSet();
        ulong[] created = after.Except(before).ToArray();
        ulong[] deleted = before.Except(after).ToArray();
        bool reached = created.Any(inMetadata.Contains) || deleted.Any(id => !inMetadata.Contains(id));
        if (!reached)
        {
            return; // Reconcile drops the staged record: nothing of the change happened.
        }

        if (created.All(inMetadata.Contains))
        {
            sink.Change($"Completing a change to pool '{committed.Name}' that was interrupted "
                + $"after it reached the metadata (transaction {current} to {current + 1}).");
            foreach (ulong id in deleted.Where(inMetadata.Contains))
            {
                backend.DeleteDevice(id);
            }

            backend.SetTransactionId(current, current + 1);
            backend.Commit();
            return; // Reconcile promotes the staged record, which now matches.
        }

        sink.Change($"Undoing a change to pool '{committed.Name}' that was interrupted before "
            + "it completed: deleting the thin devices it had created.");
        foreach (ulong id in created.Where(inMetadata.Contains))
        {
            backend.DeleteDevice(id);
        }

        backend.Commit();
    }

    private static HashSet<ulong> DeviceIds(PoolDescriptor descriptor) =>
        descriptor.Volumes.Concat(descriptor.PendingDeletes).Select(v => v.DeviceId).ToHashSet();

    /// <summary>Resumes a device left suspended by a process killed between suspend and
    /// resume; its I/O would otherwise wait for ever.</summary>
    private static void ResumeSuspended(KernelBackend live, string name, IPoolSink sink)
    {
        if (live.Control.TryGetInfo(name) is { IsSuspended: true })
        {
            sink.Change($"Resuming '{name}', left suspended by an interrupted operation.");
            live.Control.Resume(name);
        }
    }
}
