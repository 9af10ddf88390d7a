using System.Collections.Concurrent;
using System.Globalization;

namespace Zhiku.Bench.ServerLoad;

/// <summary>Latencies and errors per endpoint of one load phase.</summary>
internal sealed class Report
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<(double Ms, bool Ok)>> _samples = new();

    public TimeSpan Elapsed { get; set; }

    public int Errors => _samples.Values.Sum(b => b.Count(s => !s.Ok));

    public void Add(string endpoint, double ms, bool ok) => _samples.GetOrAdd(endpoint, _ => []).Add((ms, ok));

    public void Print(string phase)
    {
        foreach ((string endpoint, ConcurrentBag<(double Ms, bool Ok)> bag) in _samples.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            double[] ms = bag.Select(s => s.Ms).Order().ToArray();
            int errors = bag.Count(s => !s.Ok);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phase} | {endpoint} | {ms.Length} | {ms.Length / Elapsed.TotalSeconds:F1} | {Percentile(ms, 0.50):F1} | {Percentile(ms, 0.99):F1} | {errors} |"));
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
