using System.Diagnostics;
using ThinPool.Engine.Kernel;

// Usage: ThinPool.Kernel.Bench POOL ORIGIN-ID FIRST-ID COUNT LENGTH-SECTORS
// On an active pool, COUNT times: create_snap of ORIGIN-ID (origin not active), activate the
// snapshot as POOL-bN, remove it; all through the engine's kernel layer in this one process.
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: ThinPool.Kernel.Bench POOL ORIGIN-ID FIRST-ID COUNT LENGTH-SECTORS");
    return 2;
}

string poolName = args[0];
ulong origin = ulong.Parse(args[1]);
ulong first = ulong.Parse(args[2]);
int count = int.Parse(args[3]);
ulong length = ulong.Parse(args[4]);

using DmControl dm = DmControl.Open();
KernelThinPool pool = KernelThinPool.Find(dm, poolName)
    ?? throw new InvalidOperationException($"pool {poolName} is not active");
var clock = Stopwatch.StartNew();
for (int i = 0; i < count; i++)
{
    ulong id = first + (ulong)i;
    pool.CreateSnapshot(id, origin);
    KernelThinVolume v = pool.ActivateVolume($"b{id}", id, length);
    if (!File.Exists(v.DevicePath))
    {
        throw new InvalidOperationException($"{v.DevicePath} missing");
    }

    pool.DeactivateVolume($"b{id}");
}

clock.Stop();
Console.WriteLine($"engine: {count} x (create_snap, activate, remove) in {clock.ElapsedMilliseconds} ms "
    + $"({clock.Elapsed.TotalMilliseconds / count:0.00} ms each)");
return 0;
