// Scale benchmark: knowledge bases of N synthetic chunks generated from the shared eval sets. Reports ingest time
// (keyword index, then vectors), index size, memory, and p50/p95 latency of keyword and hybrid search (hybrid
// includes embedding the query with the built-in model). Prints a Markdown table for docs/benchmarks.md ("Scale").
// Usage: dotnet run -c Release --project bench/Zhiku.ScaleBench -- ../shared/eval 10000,100000 [--keyword-only] [--queries 300] [--work DIR] [--reuse]
// Document writes on SQLite and PostgreSQL (DocumentWriteBench): ... -- ../shared/eval DOCUMENTS,FILES --document-writes DATABASE_URL
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Zhiku.Bench;
using Zhiku.Core;
using Zhiku.Core.Documents;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Ingestion;

string evalRoot = Path.GetFullPath(args[0]);
int[] sizes = [.. args[1].Split(',').Select(int.Parse)];
bool keywordOnly = args.Contains("--keyword-only");
bool reuse = args.Contains("--reuse"); // keep a store built by an earlier run: measure search only
int queryCount = Option("--queries") is { } q ? int.Parse(q) : 300;
string work = Path.GetFullPath(Option("--work") ?? Path.Combine(Path.GetTempPath(), "zhiku-scale"));

var corpus = new SyntheticCorpus(evalRoot);
if (Option("--document-writes") is { } databaseUrl)
{
    await DocumentWriteBench.RunAsync(corpus, sizes[0], sizes[1], databaseUrl, work);
    return;
}

var (englishQueries, allQueries) = ReadQueries(evalRoot, queryCount);
Console.WriteLine($"cores={Environment.ProcessorCount} passages={corpus.Passages} queries={allQueries.Count} (english {englishQueries.Count})");

float[][] pool = [];
double passagesPerSecond = 0;
if (!keywordOnly)
{
    using var model = EmbeddingGeneratorFactory.Create(new EmbeddingSettings());
    var texts = Enumerable.Range(0, 400).Select(i => corpus.Chunk(i * 11).Text).ToList();
    var clock = Stopwatch.StartNew();
    pool = [.. (await model.EmbedDocumentsAsync(texts)).Select(v => v.ToArray())];
    passagesPerSecond = texts.Count / clock.Elapsed.TotalSeconds;
    Console.WriteLine($"built-in model: {passagesPerSecond:F1} passages/s on this machine now (pool of {pool.Length} real vectors)");
}

Console.WriteLine();
Console.WriteLine("| chunks | keyword ingest s | vectors s | est. real embedding s | full-text MB | SQLite MB | vectors MB | working set MB | keyword p50 ms | keyword p95 ms | hybrid p50 ms | hybrid p95 ms |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (int n in sizes)
{
    string root = Path.Combine(work, $"n{n}");
    bool build = !(reuse && Directory.Exists(root));
    if (build && Directory.Exists(root))
    {
        Directory.Delete(root, recursive: true);
    }

    RetrievalConfiguration retrieval = keywordOnly
        ? RetrievalConfiguration.KeywordOnly
        : RetrievalConfiguration.Default with { GeneratorFactory = s => new PoolEmbeddingGenerator(EmbeddingGeneratorFactory.Create(s), pool) };
    ZhikuStore store = ZhikuStore.Open(root);
    double ingestSeconds = 0, vectorSeconds = 0;
    if (build)
    {
        using (KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("scale", create: true, retrieval))
        {
            var ingestor = new Ingestor(kb);
            var clock = Stopwatch.StartNew();
            await ingestor.IngestDocumentsAsync(Enumerable.Range(0, n).Select(i =>
            {
                var (title, text) = corpus.Chunk(i);
                var document = new ExtractedDocument($"c{i}", title, text, [new TextBlock(0, text.Length, BlockKind.Paragraph, "", null)], "txt");
                return ingestor.Prepare(document, null, $"scale#{i}", "", 0);
            }));
            ingestSeconds = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"n={n}: keyword ingest {ingestSeconds:F1}s");
            if (!keywordOnly)
            {
                clock.Restart();
                await kb.UpdateVectorsAsync();
                vectorSeconds = clock.Elapsed.TotalSeconds;
                Console.Error.WriteLine($"n={n}: vectors {vectorSeconds:F1}s");
            }
        }
    }

    using (KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("scale", create: false, retrieval))
    {
        foreach (string warm in allQueries.Take(20))
        {
            await kb.SearchAsync(warm, 10, useDense: !keywordOnly);
        }

        List<double> keyword = await TimeAsync(allQueries, query => kb.SearchAsync(query, 10, useDense: false));
        List<double> hybrid = keywordOnly ? [] : await TimeAsync(englishQueries, query => kb.SearchAsync(query, 10, useDense: true));
        long workingSet = Environment.WorkingSet / 1048576;
        long chunks = (await kb.Store.Documents.CountAsync(kb.Info.Id)).Chunks;
        string Mb(string path) => (FolderBytes(path) / 1048576.0).ToString("F0");
        Console.WriteLine($"| {chunks:N0} | {ingestSeconds:F0} | {(keywordOnly ? "-" : vectorSeconds.ToString("F0"))} | " +
            $"{(keywordOnly ? "-" : (chunks / passagesPerSecond).ToString("F0"))} | {Mb(store.Layout.FullTextFolder(kb.Info.Id))} | " +
            $"{new FileInfo(store.Layout.DatabasePath).Length / 1048576.0:F0} | {(keywordOnly ? "-" : Mb(store.Layout.VectorsFolder(kb.Info.Id)))} | {workingSet} | " +
            $"{P(keyword, 0.5):F1} | {P(keyword, 0.95):F1} | {(keywordOnly ? "-" : P(hybrid, 0.5).ToString("F1"))} | {(keywordOnly ? "-" : P(hybrid, 0.95).ToString("F1"))} |");
    }
}

string? Option(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static async Task<List<double>> TimeAsync(IReadOnlyList<string> queries, Func<string, Task> run)
{
    var times = new List<double>(queries.Count);
    foreach (string query in queries)
    {
        var clock = Stopwatch.StartNew();
        await run(query);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    return times;
}

static double P(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

static long FolderBytes(string path) =>
    Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

static (List<string> English, List<string> All) ReadQueries(string evalRoot, int count)
{
    var english = new List<string>();
    var all = new List<string>();
    foreach (string set in new[] { "cmrc2018", "xquad_zh", "xquad_en", "covidqa" })
    {
        var lines = File.ReadLines(Path.Combine(evalRoot, set, "queries.jsonl")).Take(count / 4);
        foreach (string line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            string text = doc.RootElement.GetProperty("text").GetString()!;
            all.Add(text);
            if (set is "xquad_en" or "covidqa")
            {
                english.Add(text);
            }
        }
    }

    return (english, all);
}
