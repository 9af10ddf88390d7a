using System.Diagnostics;
using System.Text;
using Zhiku.Core.Documents;
using Zhiku.Core.Documents.Ocr;

namespace Zhiku.OcrBench;

/// <summary>Reads every rendered page through Zhiku's own parsers (image and PDF) and compares with the truth.</summary>
internal static class OcrRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var folder = Arguments.Get(args, "--pages") ?? "ocr-pages";
        var reader = Reader(args);
        if (reader is null)
        {
            return 1;
        }

        var files = Directory.GetFiles(folder).Where(f => !f.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var groups = new Dictionary<string, (long Errors, long Characters, int Pages)>();
        var process = Process.GetCurrentProcess();
        // The first page loads the models; time the rest as the steady state.
        await reader.ReadFileAsync(files[0]);
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var truth = await File.ReadAllTextAsync(Path.ChangeExtension(file, ".txt"));
            var result = await reader.ReadFileAsync(file);
            var text = string.Join("", result.Documents.Select(d => d.Text));
            var errors = EditDistance(Normalize(text), Normalize(truth));
            var characters = Normalize(truth).Length;
            var name = Path.GetFileNameWithoutExtension(file);
            var key = name[4..];
            var g = groups.GetValueOrDefault(key);
            groups[key] = (g.Errors + errors, g.Characters + characters, g.Pages + 1);
            Console.WriteLine($"{Path.GetFileName(file),-24} CER {errors / (double)characters:P2} ({errors}/{characters})");
        }

        process.Refresh();
        var wall = clock.Elapsed;
        var cpuUsed = process.TotalProcessorTime - cpu;
        Console.WriteLine();
        Console.WriteLine("| pages | kind | CER |");
        Console.WriteLine("|---|---|---|");
        foreach (var (key, g) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"| {g.Pages} | {key} | {g.Errors / (double)g.Characters:P2} |");
        }

        var clean = groups.Where(g => g.Key.StartsWith("clean", StringComparison.Ordinal)).ToList();
        var noisy = groups.Where(g => g.Key.StartsWith("noisy", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"clean CER {Rate(clean):P2}, noisy CER {Rate(noisy):P2}");
        Console.WriteLine($"{files.Count} pages in {wall.TotalSeconds:0.0} s wall ({files.Count / wall.TotalMinutes:0.0} pages/min), {cpuUsed.TotalSeconds / files.Count:0.00} CPU-s per page on {Environment.ProcessorCount} cores");
        return 0;
    }

    public static async Task<int> ShowAsync(string[] args)
    {
        var reader = Reader(args);
        if (reader is null || args.Length == 0)
        {
            return 1;
        }

        if (args.Contains("--lines"))
        {
            using var engine = PaddleOcrEngine.Load(Arguments.Get(args, "--models") ?? OcrModelFiles.Find(null)!);
            var page = await engine.RecognizeAsync(await File.ReadAllBytesAsync(args[0]));
            foreach (var line in page.Lines)
            {
                Console.WriteLine($"{line.Confidence:0.000} [{line.Left:0},{line.Top:0} {line.Right - line.Left:0}x{line.Height:0}] {line.Text}");
            }

            return 0;
        }

        var result = await reader.ReadFileAsync(args[0]);
        foreach (var document in result.Documents)
        {
            Console.WriteLine(document.Text);
            foreach (var page in document.Pages)
            {
                Console.WriteLine($"page {page.Page}: {page.Source} quality {page.Quality}");
            }

            foreach (var notice in document.Notices)
            {
                Console.WriteLine($"notice: {notice}");
            }
        }

        return 0;
    }

    private static DocumentReader? Reader(string[] args)
    {
        var models = Arguments.Get(args, "--models") ?? OcrModelFiles.Find(null);
        if (models is null || !OcrModelFiles.IsComplete(models))
        {
            Console.Error.WriteLine($"OCR models not found: run `{OcrModelFiles.InstallCommand}` or pass --models DIR");
            return null;
        }

        return new DocumentReader(new DocumentReaderOptions { Ocr = new OcrOptions { ModelFolder = models } });
    }

    private static double Rate(List<KeyValuePair<string, (long Errors, long Characters, int Pages)>> groups) =>
        groups.Sum(g => g.Value.Characters) == 0 ? 0 : groups.Sum(g => g.Value.Errors) / (double)groups.Sum(g => g.Value.Characters);

    /// <summary>NFKC, white space removed: layout differences (line breaks, spaces between CJK) are not errors.</summary>
    private static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
