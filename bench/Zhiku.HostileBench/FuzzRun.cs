using System.Globalization;
using CsCheck;
using Zhiku.Core.Ingestion.Isolation;
using Zhiku.TestSupport;

namespace Zhiku.HostileBench;

/// <summary>CsCheck-generated inputs for every parser through one parser worker for a given time. A crash or a
/// hang is counted and its input saved under fuzz-findings/; the run itself never stops for one.</summary>
internal static class FuzzRun
{
    public static int Run(int seconds)
    {
        var seeds = new List<(string, byte[])>(HostileFiles.All().Where(f => f.Bytes.Length < 300_000));
        string samples = FindSamples();
        seeds.AddRange(Directory.GetFiles(samples).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));
        // Generous per-file limits: only a real hang (not a slow machine) counts.
        using var parser = new IsolatedFileParser(ParserWorkerCommand.Resolve(), new ParserWorkerLimits { WallTime = TimeSpan.FromSeconds(60), CpuTime = TimeSpan.FromSeconds(30) });
        var counts = new Dictionary<string, int>();
        long peak = 0;
        double slowest = 0;
        int tried = 0;
        ParserFuzzInputs.Any(seeds).Sample(input =>
        {
            tried++;
            string outcome = HostileSuite.OutcomeAsync(parser, input.Name, input.Bytes).GetAwaiter().GetResult();
            string kind = outcome.Split(':', ' ')[0];
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            peak = Math.Max(peak, parser.LastParse?.PeakResidentBytes ?? 0);
            slowest = Math.Max(slowest, parser.LastParse?.Elapsed.TotalMilliseconds ?? 0);
            if (kind is "CRASH" or "HANG" or "MEMORY")
            {
                Directory.CreateDirectory("fuzz-findings");
                File.WriteAllBytes(Path.Combine("fuzz-findings", $"{tried:D6}-{input.Name}"), input.Bytes);
                Console.WriteLine($"{kind}: {input.Name} ({input.Bytes.Length} bytes) saved; {outcome}");
            }
        }, iter: long.MaxValue, time: seconds, threads: 1);

        int crashes = counts.GetValueOrDefault("CRASH"), hangs = counts.GetValueOrDefault("HANG");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz {seconds} s: inputs tried {tried}; {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}; crashes {crashes}; hangs {hangs}; " +
            $"workers started {parser.WorkersStarted}; worker peak RSS {peak / 1048576.0:F0} MB; slowest input {slowest:F0} ms"));
        return crashes == 0 && hangs == 0 ? 0 : 1;
    }

    internal static string FindSamples()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                return Path.Combine(dir.FullName, "samples");
            }
        }

        throw new InvalidOperationException("run from inside the repository (samples/ not found)");
    }
}
