namespace ThinPool.Reliability.Bench;

/// <summary>The parts of docs/reliability.md that describe tests run elsewhere (Pester, the
/// kernel VM) and what was found while building the harness.</summary>
internal static class StaticSections
{
    public const string Text = """
        ## Races

        `tests/pester/Races.Tests.ps1` starts two pwsh processes on one offline pool for 6 s
        each. Each creates, imports (random bytes), snapshots and removes its own volumes with a
        lock timeout of 0.2 s, so that some calls must give way. Afterwards: both exited
        cleanly; the only error either saw is `ThinPoolLocked`; the pool holds exactly the names
        created and not removed, and none of the refused ones; every volume exports the bytes it
        was given (an import's image, zeros, or its origin's bytes for a snapshot), so no name
        points at another volume's device; `Test-ThinPool` is clean and thin_check passes.

        The same file kills (SIGKILL) a process in the middle of a stream of 1 MiB imports into
        an offline pool and runs the interrupted import again: it completes, the pool holds
        exactly the volumes whose import was started, each exports exactly its image's bytes,
        and `Test-ThinPool` and thin_check pass.

        ## Bad input

        `tests/pester/BadInput.Tests.ps1` is one table over every cmdlet: sizes negative, zero,
        below a block, not a sector, block or 4 KiB multiple, past the format limits; names with
        `/`, control characters, empty, past the device-mapper limit, duplicated; pools,
        volumes and files missing; a read-only snapshot as import target; paths under a regular
        file, in a missing directory, on a read-only filesystem and on a full one (tmpfs mounts;
        these cases are skipped when not root). Each case must fail with its ErrorId, and every
        file and directory under the test root (pool, registry, targets) must hash the same
        afterwards.

        ## Security

        `tests/pester/Security.Tests.ps1`: data, metadata, `pool.json` and `.lock` are created
        0600; a symbolic link planted at `data`, `metadata`, `pool.json`, `pool.json.tmp` or
        `.lock` is never followed (a missing target is not created, an existing one is not
        changed); pool and volume names with `/`, `..`, NUL, ESC, DEL or newline are refused;
        names are measured in UTF-8 bytes against device-mapper's 127-byte limit, including the
        `pool-volume` device name.

        Not covered here: refusing to overwrite a block device that carries a signature without
        `-Force` applies to kernel pools on block devices, which the offline tests cannot
        create; the kernel suite is where it belongs.

        ## Kernel side (not run by this bench)

        The kernel suite (`tests/kernel/run.sh`, in a VM) has the scenarios
        `full-pool-enospc-then-resize` (a live pool filled under error_if_no_space reports
        ENOSPC and takes writes again after a resize) and `crash-convergence` (a second run
        after a crash finds the same loops and the active pool instead of stacking new ones).

        `tests/pester/Kernel/KillConvergence.Tests.ps1` kills (SIGKILL) a pwsh that runs live
        commands one after another on a loop pool (New-ThinVolume, Mount-ThinVolume,
        New-ThinSnapshot of the mounted origin, a live Resize-ThinPool, Dismount-ThinVolume,
        Remove-ThinVolume) at a random moment inside a command, four times, and kills New-ThinPool
        of a loop pool three times: when its marker appears, while its metadata is written, and once
        a loop holds its data file. Each time it runs the interrupted command again, as an operator
        would. The re-run must complete, or find that the create or removal had been done.
        Afterwards the kernel's transaction id is the record's, no device is left suspended, each
        pool file has one loop, no device-mapper device lies outside the pool and its named volumes,
        the metadata holds exactly the named thin devices, and Test-ThinPool and thin_check accept
        it. What makes this converge: a writable open finishes or undoes a name change the kernel
        had half applied (thin-pool messages commit at once, the transaction id swap comes last) and
        resumes devices an interrupted snapshot or resize left suspended; readers of the live
        metadata take turns, so one of them can release a snapshot a killed reader left held; a
        device that never got a table is removed before its name is used again; and New-ThinPool
        marks its directory (`pool.creating`), so that a re-run replaces what a killed run left, or
        registers the pool a killed run had recorded, without -Force. This bench does not boot the
        VM, so the table above has no kernel figures.

        ## Found and fixed while building these tests

        - Metadata whose mapping named a data block past the pool (or a virtual block no byte
          offset can reach) sent reads past the data device (`EndOfDeviceException`,
          `OverflowException`); it is now `MetadataCorruptException` naming the leaf block
          (found by resealed bit flips).
        - A superblock whose data block size the data device cannot hold sent reads past the
          device; `ThinDataStore` now refuses such a pool with `ThinOperationException`.
        - `New-ThinPool -BlockSize 0` or negative failed with `ArgumentOutOfRangeException`
          instead of `InvalidBlockSize`.
        - A `New-ThinPool` that failed on a full filesystem left its new directory and `.lock`
          behind (fixed on the cmdlets branch at the same time; its fix is the one kept).
        - A run before the latest engine merge also saw `ArgumentException` from
          `BTree.Insert` after a resealed superblock flip pointed a tree root at a node of
          another value size; the engine's own check of value sizes on read, merged since,
          turns it into `MetadataCorruptException` (none in the run above).
        - `pool.json` and `.lock` were created 0644; the temporary `pool.json.tmp` and the
          `.lock` were opened through a planted symbolic link (writing the pool record over the
          link's target).

        ## Reproduce

        `bench/reliability/run.sh` (full counts; 10 to 15 minutes on 2 cores) or, for
        the CI sample, `dotnet test tests/ThinPool.Engine.Tests --filter Reliability`
        (THINPOOL_CRASH_CASES and THINPOOL_CORRUPTION_CASES raise the counts).

        """;
}
