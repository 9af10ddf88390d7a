using System.Diagnostics;
using System.Text.Json;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Vectors;

namespace Zhiku.Bench;

/// <summary>
/// Dense-only retrieval with the built-in model on an eval set (corpus.jsonl, queries.jsonl, qrels.tsv): Recall@k and
/// MRR@10 with the same definitions as ../shared/eval/README.md, plus embedding speed on this machine.
/// </summary>
internal static class DenseEval
{
    public static async Task RunAsync(string[] sets)
    {
        using var generator = EmbeddingGeneratorFactory.Create(new EmbeddingSettings());
        Console.WriteLine($"model={generator.Describe().ModelId} cores={Environment.ProcessorCount}");
        Console.WriteLine();
        Console.WriteLine("| set | passages | queries | Recall@1 | Recall@5 | Recall@20 | MRR@10 | passages/s | query p50 ms | query p95 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (string set in sets)
        {
            var corpus = ReadJsonl(Path.Combine(set, "corpus.jsonl"))
                .Select(e => (Id: e.GetProperty("id").GetString()!, Text: Title(e) + e.GetProperty("text").GetString()))
                .ToList();
            var queries = ReadJsonl(Path.Combine(set, "queries.jsonl"))
                .Select(e => (Id: e.GetProperty("id").GetString()!, Text: e.GetProperty("text").GetString()!))
                .ToList();
            var qrels = File.ReadLines(Path.Combine(set, "qrels.tsv"))
                .Select(l => l.Split('\t'))
                .Where(p => p.Length >= 3 && int.TryParse(p[2], out int rel) && rel > 0)
                .GroupBy(p => p[0])
                .ToDictionary(g => g.Key, g => g.Select(p => p[1]).ToHashSet());

            var clock = Stopwatch.StartNew();
            var vectors = await generator.EmbedDocumentsAsync([.. corpus.Select(c => c.Text)]);
            double passagesPerSecond = corpus.Count / clock.Elapsed.TotalSeconds;
            using var index = new ExactVectorIndex(new VectorSpace(generator.Describe().ModelId, vectors[0].Length), corpus.Count);
            index.Upsert([.. Enumerable.Range(0, corpus.Count).Select(i => (long)i)], vectors);

            double r1 = 0, r5 = 0, r20 = 0, mrr = 0;
            int judged = 0;
            var latencies = new List<double>();
            foreach (var (id, text) in queries)
            {
                if (!qrels.TryGetValue(id, out var relevant))
                {
                    continue;
                }

                long start = Stopwatch.GetTimestamp();
                var q = await generator.EmbedQueryAsync(text);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                var ranked = index.Search(q.Span, 20).Select(h => corpus[(int)h.ChunkId].Id).ToList();
                judged++;
                r1 += Recall(ranked, relevant, 1);
                r5 += Recall(ranked, relevant, 5);
                r20 += Recall(ranked, relevant, 20);
                int first = ranked.Take(10).ToList().FindIndex(relevant.Contains);
                mrr += first < 0 ? 0 : 1.0 / (first + 1);
            }

            latencies.Sort();
            Console.WriteLine($"| {Path.GetFileName(Path.TrimEndingDirectorySeparator(set))} | {corpus.Count} | {judged} | {r1 / judged:F3} | {r5 / judged:F3} | " +
                              $"{r20 / judged:F3} | {mrr / judged:F3} | {passagesPerSecond:F0} | {Percentile(latencies, 50):F1} | {Percentile(latencies, 95):F1} |");
        }
    }

    private static string Title(JsonElement e) =>
        e.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String && t.GetString()!.Length > 0 ? t.GetString() + "\n" : "";

    private static double Recall(List<string> ranked, HashSet<string> relevant, int k) =>
        ranked.Take(k).Count(relevant.Contains) / (double)relevant.Count;

    private static double Percentile(List<double> sorted, int p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

    private static IEnumerable<JsonElement> ReadJsonl(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement);
}
