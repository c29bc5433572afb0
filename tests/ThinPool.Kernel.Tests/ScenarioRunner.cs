using System.Diagnostics;
using ThinPool.Engine.Kernel;

namespace ThinPool.Kernel.Tests;

/// <summary>Runs scenarios one by one, sweeping test devices before and after each.</summary>
internal sealed class ScenarioRunner
{
    public int Run(IReadOnlyList<Scenario> scenarios)
    {
        int passed = 0, failed = 0, skipped = 0;
        KernelSupportReport support = KernelSupport.Probe();
        if (!support.IsSupported)
        {
            Console.WriteLine($"SKIP all: {support.Problem}");
            Console.WriteLine($"Tests: 0 passed, 0 failed, {scenarios.Count} skipped");
            return 0;
        }

        Console.WriteLine($"device-mapper {support.InterfaceVersion}, thin-pool {support.ThinPoolVersion}");
        var total = Stopwatch.StartNew();
        foreach (Scenario scenario in scenarios)
        {
            var clock = Stopwatch.StartNew();
            using var context = new KernelTestContext(scenario.Name);
            try
            {
                context.Sweep();
                scenario.Body(context);
                context.Sweep();
                context.CheckSwept();
                Console.WriteLine($"PASS {scenario.Name} ({clock.ElapsedMilliseconds} ms)");
                passed++;
            }
            catch (SkipException e)
            {
                Console.WriteLine($"SKIP {scenario.Name}: {e.Message}");
                skipped++;
                SafeSweep(context);
            }
            catch (Exception e)
            {
                Console.WriteLine($"FAIL {scenario.Name} ({clock.ElapsedMilliseconds} ms): {e}");
                failed++;
                SafeSweep(context);
            }
        }

        Console.WriteLine($"Tests: {passed} passed, {failed} failed, {skipped} skipped "
            + $"({total.Elapsed.TotalSeconds:0.0} s)");
        return failed == 0 ? 0 : 1;
    }

    private static void SafeSweep(KernelTestContext context)
    {
        try
        {
            context.Sweep();
        }
        catch (Exception e)
        {
            Console.WriteLine($"  sweep failed: {e.Message}");
        }
    }
}
