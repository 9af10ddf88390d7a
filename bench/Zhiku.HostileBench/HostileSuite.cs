using System.Diagnostics;
using System.Globalization;
using Zhiku.Core.Documents;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Ingestion.Isolation;
using Zhiku.TestSupport;

namespace Zhiku.HostileBench;

/// <summary>Every generated hostile file through a fresh parser worker (so peak memory is per file), then all of
/// them as one batch through a single reused worker, ending with a good file that must still be read.</summary>
internal static class HostileSuite
{
    public static async Task<int> RunAsync(string? outFolder)
    {
        IReadOnlyList<(string Name, byte[] Bytes)> files = HostileFiles.All();
        if (outFolder is not null)
        {
            Directory.CreateDirectory(outFolder);
            foreach ((string name, byte[] bytes) in files)
            {
                await File.WriteAllBytesAsync(Path.Combine(outFolder, name), bytes);
            }

            Console.WriteLine($"wrote {files.Count} files to {Path.GetFullPath(outFolder)}");
        }

        ParserWorkerCommand command = ParserWorkerCommand.Resolve();
        int crashes = 0, hangs = 0;
        Console.WriteLine("| file | bytes | outcome | time (ms) | worker peak RSS (MB) |");
        Console.WriteLine("|---|---:|---|---:|---:|");
        foreach ((string name, byte[] bytes) in files)
        {
            using var parser = new IsolatedFileParser(command);
            string outcome = await OutcomeAsync(parser, name, bytes);
            crashes += outcome.StartsWith("CRASH", StringComparison.Ordinal) ? 1 : 0;
            hangs += outcome.StartsWith("HANG", StringComparison.Ordinal) ? 1 : 0;
            ParserWorkerStats? stats = parser.LastParse;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {bytes.Length:N0} | {outcome} | {stats?.Elapsed.TotalMilliseconds ?? 0:F0} | {(stats?.PeakResidentBytes ?? 0) / 1048576.0:F0} |"));
        }

        // The batch: one worker for everything, a good file last.
        var clock = Stopwatch.StartNew();
        using var batch = new IsolatedFileParser(command);
        foreach ((string name, byte[] bytes) in files)
        {
            await OutcomeAsync(batch, name, bytes);
        }

        DocumentReadResult last = await batch.ParseAsync("# 最后\n\n好文件 GOOD。"u8.ToArray(), "good.md");
        bool finished = last.Status == DocumentReadStatus.Read;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"files tried: {files.Count}; crashes: {crashes}; hangs: {hangs}; batch of {files.Count + 1} finished: {(finished ? "yes" : "NO")} in {clock.Elapsed.TotalSeconds:F1} s with {batch.WorkersStarted} worker(s)"));
        return crashes == 0 && hangs == 0 && finished ? 0 : 1;
    }

    /// <summary>What happened to one file: read (documents, characters), empty, refused (a clean parse error), or a
    /// worker failure (CRASH / HANG / MEMORY).</summary>
    internal static async Task<string> OutcomeAsync(IFileParser parser, string name, byte[] bytes)
    {
        try
        {
            DocumentReadResult result = await parser.ParseAsync(bytes, name);
            return result.Status == DocumentReadStatus.Read
                ? $"read ({result.Documents.Count} doc, {result.Documents.Sum(d => d.Text.Length):N0} chars)"
                : result.Status.ToString().ToLowerInvariant();
        }
        catch (DocumentParseException ex)
        {
            string message = ex.Message[(name.Length + 2)..];
            int english = message.IndexOf(" / ", StringComparison.Ordinal);
            return "refused: " + (english >= 0 ? message[(english + 3)..] : message);
        }
        catch (ParserWorkerException ex)
        {
            return ex.Kind switch
            {
                ParserWorkerFailure.Crashed or ParserWorkerFailure.ProtocolError => "CRASH: " + ex.Message,
                ParserWorkerFailure.MemoryLimit => "MEMORY: " + ex.Message,
                _ => "HANG: " + ex.Message,
            };
        }
    }
}
