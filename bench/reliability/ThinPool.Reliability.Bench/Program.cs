using System.Collections.Concurrent;
using System.Diagnostics;
using ThinPool.Engine.Tests.Reliability;
using ThinPool.Reliability.Bench;

// Runs the reliability cases at full count and writes docs/reliability.md.
// Usage: ThinPool.Reliability.Bench <reliability.md> [crash cases] [corruption cases] [pester summary]
string docPath = args.Length > 0 ? args[0] : "docs/reliability.md";
int crashCases = args.Length > 1 ? int.Parse(args[1]) : 1000;
int corruptionCases = args.Length > 2 ? int.Parse(args[2]) : 10_000;
string? pesterSummary = args.Length > 3 ? args[3] : null;
var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

var clock = Stopwatch.StartNew();
var crashes = new ConcurrentBag<CrashResult>();
int done = 0;
Parallel.For(1, crashCases + 1, options, seed =>
{
    crashes.Add(CrashCase.Run(seed, external: true));
    int n = Interlocked.Increment(ref done);
    if (n % 100 == 0)
    {
        Console.WriteLine($"crash: {n}/{crashCases} ({clock.Elapsed.TotalSeconds:F0} s)");
    }
});
var crashTime = clock.Elapsed;

clock.Restart();
var kinds = Enum.GetValues<DamageKind>();
var corruptions = new ConcurrentBag<CorruptionResult>();
done = 0;
Parallel.For(0, corruptionCases, options, i =>
{
    corruptions.Add(CorruptionCase.Run(i / kinds.Length + 1, kinds[i % kinds.Length]));
    int n = Interlocked.Increment(ref done);
    if (n % 1000 == 0)
    {
        Console.WriteLine($"corruption: {n}/{corruptionCases} ({clock.Elapsed.TotalSeconds:F0} s)");
    }
});
var corruptionTime = clock.Elapsed;

var report = new ReliabilityReport(crashes.OrderBy(c => c.Seed).ToList(), crashTime,
    corruptions.OrderBy(c => c.Seed).ThenBy(c => c.Kind).ToList(), corruptionTime,
    pesterSummary is not null && File.Exists(pesterSummary) ? File.ReadAllText(pesterSummary) : null);
File.WriteAllText(docPath, report.Render());
Console.WriteLine(report.Summary);
return report.Failures == 0 ? 0 : 1;
