using ThinPool.Kernel.Tests;

// Usage: ThinPool.Kernel.Tests [--list] [NAME-SUBSTRING...]
// Runs the real-kernel scenarios in this one process and prints
// "Tests: N passed, N failed, N skipped"; exit 0 only when none failed.
if (args.Contains("--list"))
{
    foreach (Scenario s in Scenarios.All)
    {
        Console.WriteLine(s.Name);
    }

    return 0;
}

string[] filters = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
return new ScenarioRunner().Run(Scenarios.All
    .Where(s => filters.Length == 0 || filters.Any(f => s.Name.Contains(f, StringComparison.Ordinal)))
    .ToList());
