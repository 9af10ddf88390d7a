using System.Diagnostics;
using System.Globalization;
using Zhiku.Core.Documents;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Ingestion.Isolation;

namespace Zhiku.HostileBench;

/// <summary>Per-file parse cost through one reused parser worker against in-process parsing, on the sample files
/// (and a 1 KB text for the smallest case), measured in the same run, warm-up excluded.</summary>
internal static class OverheadRun
{
    public static async Task<int> RunAsync(int rounds)
    {
        var files = Directory.GetFiles(FuzzRun.FindSamples()).Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f))).ToList();
        files.Insert(0, ("small-1kb.txt", System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("年假规定：正式员工每年十天。", 25)))));
        var inProcess = new InProcessFileParser(new DocumentReader());
        var clock = Stopwatch.StartNew();
        using var isolated = new IsolatedFileParser(ParserWorkerCommand.Resolve());
        foreach (var (name, bytes) in files)
        {
            await isolated.ParseAsync(bytes, name);
            await inProcess.ParseAsync(bytes, name);
        }

        double startup = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worker start and first pass over {files.Count} files: {startup:F0} ms"));
        Console.WriteLine("| file | bytes | in-process (ms/file) | worker (ms/file) | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        double totalIn = 0, totalOut = 0;
        foreach (var (name, bytes) in files)
        {
            double a = await TimeAsync(inProcess, name, bytes, rounds);
            double b = await TimeAsync(isolated, name, bytes, rounds);
            totalIn += a;
            totalOut += b;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {bytes.Length:N0} | {a:F2} | {b:F2} | {b / a:F2} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| all {files.Count} files | | {totalIn:F2} | {totalOut:F2} | {totalOut / totalIn:F2} |"));
        Console.WriteLine($"workers started: {isolated.WorkersStarted}");
        return 0;
    }

    private static async Task<double> TimeAsync(IFileParser parser, string name, byte[] bytes, int rounds)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < rounds; i++)
        {
            await parser.ParseAsync(bytes, name);
        }

        return clock.Elapsed.TotalMilliseconds / rounds;
    }
}
