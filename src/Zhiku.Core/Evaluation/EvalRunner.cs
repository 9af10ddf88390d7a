using System.Diagnostics;
using System.Text;
using Zhiku.Core.Answering;
using Zhiku.Core.Documents;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Evaluation;

/// <summary>
/// Runs `zhiku eval`: ingests a corpus (one document a line, its id the external id) into an empty knowledge
/// base, runs every query through search and ask, and computes retrieval and answer metrics. A hit is any
/// chunk of a relevant document; ranks are of distinct documents in chunk order.
/// </summary>
public sealed class EvalRunner
{
    /// <summary>Chunks retrieved per query for the ranking metrics.</summary>
    public const int Depth = 100;

    private readonly KnowledgeBase _kb;
    private readonly EvalMode _mode;
    private readonly IngestOptions _ingestOptions;
    private readonly Func<string, CancellationToken, Task<Answer>> _ask;

    /// <param name="kb">An empty knowledge base to ingest the corpus into.</param>
    /// <param name="ingestOptions">Chunking and limits.</param>
    /// <param name="ask">How questions are answered (e.g. a <see cref="QuestionAnswerer"/> with a model); extractive when null.</param>
    /// <param name="mode">Keyword search only, or hybrid (the corpus is embedded after ingest).</param>
    public EvalRunner(KnowledgeBase kb, IngestOptions? ingestOptions = null, Func<string, CancellationToken, Task<Answer>>? ask = null,
        EvalMode mode = EvalMode.Keyword)
    {
        this._kb = kb;
        this._mode = mode;
        this._ingestOptions = ingestOptions ?? new IngestOptions();
        this._ask = ask ?? ((question, cancellationToken) => kb.AskAsync(question, cancellationToken: cancellationToken));
    }

    /// <summary>Ingests the corpus and evaluates the queries; <paramref name="limit"/> &gt; 0 takes the first N queries.</summary>
    public async Task<EvalReport> RunAsync(string corpusPath, string queriesPath, string qrelsPath, int limit = 0, string? negativesPath = null,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var confidences = new List<(bool Answerable, double Confidence)>();
        var outcomes = new List<EvalOutcome>();
        List<EvalQuery> queries = EvalSet.ReadQueries(queriesPath, qrelsPath);
        int negativeCount = 0;
        if (limit > 0)
        {
            queries = queries.Take(limit).ToList();
        }

        progress?.Report($"ingesting {corpusPath} …");
        var clock = Stopwatch.StartNew();
        var ingestor = new Ingestor(_kb, _ingestOptions);
        long bytes = 0;
        int documents;
        if (Directory.Exists(corpusPath))
        {
            // A folder of documents (any format `ingest` reads): qrels name the relevant files by file name.
            IngestSummary summary = await ingestor.IngestAsync([corpusPath], null, cancellationToken).ConfigureAwait(false);
            if (summary.Failed > 0)
            {
                throw ZhikuException.InvalidInput($"{corpusPath}: {summary.Failed} file(s) could not be read; fix or remove them / 有文件无法读取");
            }

            documents = summary.Ingested;
            bytes = Directory.EnumerateFiles(corpusPath, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        }
        else
        {
            documents = await ingestor.IngestDocumentsAsync(EvalSet.ReadCorpus(corpusPath).Select(p =>
            {
                bytes += Encoding.UTF8.GetByteCount(p.Text) + Encoding.UTF8.GetByteCount(p.Title);
                return ingestor.Prepare(ToDocument(p), corpusPath, "eval#" + p.Id, "", 0);
            }), cancellationToken).ConfigureAwait(false);
        }
        double ingestSeconds = clock.Elapsed.TotalSeconds;
        long chunks = (await _kb.Store.Documents.CountAsync(_kb.Info.Id, cancellationToken).ConfigureAwait(false)).Chunks;
        double embedSeconds = 0;
        if (_mode == EvalMode.Hybrid)
        {
            if (!_kb.Vectors.Enabled)
            {
                throw ZhikuException.InvalidInput(
                    "hybrid mode: the knowledge base has no embedding model (embedding.provider is none or dense_weight is 0) / 未配置向量模型", "mode");
            }

            progress?.Report($"embedding {chunks} chunks with {_kb.Vectors.ModelId} …");
            VectorUpdateResult vectors = await _kb.UpdateVectorsAsync(null, cancellationToken).ConfigureAwait(false);
            embedSeconds = vectors.Elapsed.TotalSeconds;
        }

        progress?.Report($"{documents} documents, {chunks} chunks in {ingestSeconds:F1}s; {queries.Count} queries …");
        var sums = new Dictionary<string, double>();
        var counts = new Dictionary<string, int>();
        var latencies = new List<double>(queries.Count);
        int done = 0;
        foreach (EvalQuery query in queries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var timer = Stopwatch.StartNew();
            IReadOnlyList<SearchResult> results = await _kb.SearchAsync(query.Text, Depth, _mode == EvalMode.Hybrid, cancellationToken: cancellationToken).ConfigureAwait(false);
            latencies.Add(timer.Elapsed.TotalMilliseconds);
            Answer answer = await _ask(query.Text, cancellationToken).ConfigureAwait(false);
            confidences.Add((true, answer.Confidence));
            outcomes.Add(Outcome(query, true, answer, results));
            foreach ((string name, double value) in Score(query, results, answer))
            {
                sums[name] = sums.GetValueOrDefault(name) + value;
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }

            if (++done % 200 == 0)
            {
                progress?.Report($"{done}/{queries.Count} queries");
            }
        }

        // Each metric is averaged over the queries it applies to: AnsHit and AskHit only over queries with gold answers.
        var metrics = sums.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value / Math.Max(1, counts[kv.Key]), 4));
        int answerQueries = queries.Count(q => q.Answers.Count > 0);

        if (negativesPath is not null)
        {
            List<EvalQuery> negatives = ReadNegatives(negativesPath, limit);
            int falseFound = 0;
            foreach (EvalQuery negative in negatives)
            {
                Answer answer = await _ask(negative.Text, cancellationToken).ConfigureAwait(false);
                confidences.Add((false, answer.Confidence));
                outcomes.Add(Outcome(negative, false, answer, []));
                falseFound += answer.Found ? 1 : 0;
            }

            metrics["false_found_rate"] = Math.Round(falseFound / (double)Math.Max(1, negatives.Count), 4);
            // Precision of "found" over this run's questions: answerable ones found / all found.
            double found = Math.Round(metrics.GetValueOrDefault("found_rate") * queries.Count);
            metrics["found_precision"] = found + falseFound == 0 ? 0 : Math.Round(found / (found + falseFound), 4);
            negativeCount = negatives.Count;
        }

        latencies.Sort();
        return new EvalReport(metrics, queries.Count, Percentile(latencies, 0.50), Percentile(latencies, 0.95),
            ingestSeconds > 0 ? Math.Round(bytes / 1048576.0 / ingestSeconds, 3) : 0, documents, chunks, Math.Round(ingestSeconds, 2))
        {
            Confidences = confidences,
            Outcomes = outcomes,
            AnswerQueries = answerQueries,
            Negatives = negativeCount,
            Mode = _mode,
            EmbedSeconds = Math.Round(embedSeconds, 2),
        };
    }

    private static List<EvalQuery> ReadNegatives(string path, int limit)
    {
        var list = new List<EvalQuery>();
        foreach (string line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = System.Text.Json.JsonDocument.Parse(line);
            string text = doc.RootElement.GetProperty("text").GetString() ?? "";
            string id = doc.RootElement.TryGetProperty("id", out var idElement) && idElement.ValueKind == System.Text.Json.JsonValueKind.String
                ? idElement.GetString()!
                : "";
            list.Add(new EvalQuery(id, text, [], new HashSet<string>()));
            if (limit > 0 && list.Count >= limit)
            {
                break;
            }
        }

        return list;
    }

    private static ExtractedDocument ToDocument(EvalPassage passage)
    {
        var blocks = new List<TextBlock>();
        int start = 0;
        string text = passage.Text;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            if (!string.IsNullOrWhiteSpace(text[start..end]))
            {
                blocks.Add(new TextBlock(start, end - start, BlockKind.Paragraph, "", null));
            }

            start = end + 1;
        }

        string title = string.IsNullOrWhiteSpace(passage.Title) ? passage.Id : passage.Title;
        return new ExtractedDocument(passage.Id, title, text, blocks, "jsonl");
    }

    private static EvalOutcome Outcome(EvalQuery query, bool answerable, Answer answer, IReadOnlyList<SearchResult> results)
    {
        bool hasGold = query.Answers.Count > 0;
        bool? hit = hasGold ? query.Answers.Any(a => answer.Text.Contains(a, StringComparison.Ordinal)) : null;
        bool? read = hasGold
            ? results.Take(ExtractiveAnswerer.Candidates).Any(r => query.Answers.Any(a => r.Chunk.Text.Contains(a, StringComparison.Ordinal)))
            : null;
        return new EvalOutcome(query.Id, query.Text, answerable, answer.Found, hit, read, answer.Confidence, answer.Text);
    }

    /// <summary>Per-query metric values (averaged by the caller).</summary>
    internal static IEnumerable<(string Name, double Value)> Score(EvalQuery query, IReadOnlyList<SearchResult> results, Answer answer)
    {
        var rankedDocs = new List<string>();
        foreach (SearchResult result in results)
        {
            string id = DocumentKey(result.Chunk.ExternalId, result.Chunk.SourcePath, result.Chunk.DocId);
            if (!rankedDocs.Contains(id))
            {
                rankedDocs.Add(id);
            }
        }

        foreach (int k in new[] { 1, 5, 20 })
        {
            int found = rankedDocs.Take(k).Count(query.Relevant.Contains);
            yield return ($"recall@{k}", found / (double)query.Relevant.Count);
        }

        int first = rankedDocs.Take(10).ToList().FindIndex(query.Relevant.Contains);
        yield return ("mrr@10", first < 0 ? 0 : 1.0 / (first + 1));
        double dcg = rankedDocs.Take(10).Select((d, i) => query.Relevant.Contains(d) ? 1 / Math.Log2(i + 2) : 0).Sum();
        double idcg = Enumerable.Range(0, Math.Min(10, query.Relevant.Count)).Sum(i => 1 / Math.Log2(i + 2));
        yield return ("ndcg@10", idcg > 0 ? dcg / idcg : 0);
        if (query.Answers.Count > 0)
        {
            foreach (int k in new[] { 1, 5 })
            {
                bool hit = results.Take(k).Any(r => query.Answers.Any(a => r.Chunk.Text.Contains(a, StringComparison.Ordinal)));
                yield return ($"anshit@{k}", hit ? 1 : 0);
            }

            yield return ("askhit", query.Answers.Any(a => answer.Text.Contains(a, StringComparison.Ordinal)) ? 1 : 0);
        }

        yield return ("found_rate", answer.Found ? 1 : 0);
        yield return ("grounded_share", answer.Found ? answer.GroundedShare : 0);
        // Citation precision: the share of an answer's citations that point into a relevant document
        // (answers without citations count as 0, so a silent system cannot score well).
        int cited = answer.Citations.Count;
        int relevantCited = answer.Citations.Count(c => query.Relevant.Contains(DocumentKey(c.ExternalId, c.Source, c.DocId)));
        yield return ("citation_precision", cited == 0 ? 0 : relevantCited / (double)cited);
    }

    /// <summary>How qrels name a document: its external id (jsonl corpora), else its file name (folder corpora).</summary>
    private static string DocumentKey(string? externalId, string? sourcePath, long docId) =>
        externalId ?? (sourcePath is not null ? Path.GetFileName(sourcePath) : docId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static double Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        int index = (int)Math.Ceiling(p * sorted.Count) - 1;
        return Math.Round(sorted[Math.Clamp(index, 0, sorted.Count - 1)], 2);
    }
}
