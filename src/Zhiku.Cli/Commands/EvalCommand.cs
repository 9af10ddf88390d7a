using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Answering;
using Zhiku.Core.Chunking;
using Zhiku.Core.Evaluation;
using Zhiku.Core.Ingestion;

namespace Zhiku.Cli.Commands;

/// <summary>
/// `zhiku eval --corpus C --queries Q --qrels R [--kb NAME] [--top N] [--json]`: ingests the corpus into a fresh
/// knowledge base and reports retrieval and answer metrics. Without --store it works in a temporary store.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "corpus.jsonl: {id,title,text} a line, or a folder of documents (qrels name files) / 语料", Required = true };
        var queries = new Option<string>("--queries") { Description = "queries.jsonl: {id,text,answers}", Required = true };
        var qrels = new Option<string>("--qrels") { Description = "qrels.tsv: query_id<TAB>doc_id<TAB>1", Required = true };
        var kb = new Option<string>("--kb") { Description = "Knowledge base to (re)create for the run / 评测用知识库", DefaultValueFactory = _ => "eval" };
        var top = new Option<int>("--top") { Description = "Evaluate only the first N queries (0 = all) / 只评测前 N 个问题", DefaultValueFactory = _ => 0 };
        var negatives = new Option<string?>("--negatives") { Description = "queries.jsonl of questions the corpus cannot answer: reports false_found_rate" };
        var chunkChars = new Option<int>("--chunk-chars") { Description = "Chunk target size (characters)", DefaultValueFactory = _ => ChunkingOptions.Default.TargetChars };
        var overlap = new Option<int>("--overlap") { Description = "Chunk overlap (characters)", DefaultValueFactory = _ => ChunkingOptions.Default.OverlapChars };
        var confidenceOut = new Option<string?>("--confidence-out") { Description = "Write each question's answer confidence (answerable or negative) to this TSV, for calibration" };
        var answersOut = new Option<string?>("--answers-out") { Description = "Write each question's answer (found, gold hit, gold in the chunks read, confidence, text) to this JSONL, for reading the misses" };
        var mode = new Option<string?>("--mode")
        {
            Description = "keyword (BM25 only) or hybrid (keyword + dense, the corpus is embedded first); default hybrid when an embedding model is configured / 检索方式",
        };
        mode.AcceptOnlyFromAmong("keyword", "hybrid");
        var embeddingCache = new Option<string?>("--embedding-cache") { Description = "File remembering passage embeddings across runs (queries are always embedded) / 向量缓存文件" };
        Option<bool> json = CliOptions.Json();
        var command = new Command("eval", "Measure search and answers on a question set / 评测检索与回答")
        {
            corpus, queries, qrels, kb, top, negatives, chunkChars, overlap, mode, embeddingCache, confidenceOut, answersOut, json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            bool explicitStore = parseResult.GetValue(CliOptions.Store) is not null;
            string root = explicitStore ? CliOptions.ResolveStore(parseResult) : Path.Combine(Path.GetTempPath(), "zhiku-eval-" + Guid.NewGuid().ToString("N"));
            try
            {
                ZhikuStore store = await ZhikuStore.OpenAsync(root, CliOptions.ResolveDatabase(parseResult), Zhiku.Core.Security.EncryptionKey.FromEnvironment(),
                    cancellationToken).ConfigureAwait(false);
                string name = parseResult.GetValue(kb)!;
                if (await store.KnowledgeBases.FindAsync(name, cancellationToken) is not null)
                {
                    await store.DeleteKnowledgeBaseAsync(name, cancellationToken);
                }

                var retrieval = store.LoadRetrievalConfiguration(name) with { EmbeddingCachePath = parseResult.GetValue(embeddingCache) };
                using KnowledgeBase knowledgeBase = await store.OpenKnowledgeBaseAsync(name, create: true, retrieval, cancellationToken).ConfigureAwait(false);
                EvalMode evalMode = parseResult.GetValue(mode) switch
                {
                    "keyword" => EvalMode.Keyword,
                    "hybrid" => EvalMode.Hybrid,
                    _ => retrieval.DenseEnabled ? EvalMode.Hybrid : EvalMode.Keyword,
                };
                var options = new IngestOptions
                {
                    Chunking = new ChunkingOptions { TargetChars = parseResult.GetValue(chunkChars), OverlapChars = parseResult.GetValue(overlap) },
                };
                bool asJson = parseResult.GetValue(json);
                var progress = new Progress<string>(line => Console.Error.WriteLine(line));
                using QuestionAnswerer session = await AnswerSession.OpenAsync(knowledgeBase, cancellationToken).ConfigureAwait(false);
                if (!asJson)
                {
                    Console.Error.WriteLine(session.ChatClient is not null
                        ? $"answers by model {session.Configuration.Provider!.Model} / 使用大模型回答"
                        : "answers are extractive (no model configured) / 摘录式回答");
                    Console.Error.WriteLine(evalMode == EvalMode.Hybrid
                        ? $"search: hybrid (keyword + {knowledgeBase.Vectors.ModelId}) / 混合检索"
                        : "search: keyword only / 仅关键词检索");
                }

                EvalReport report;
                try
                {
                    report = await new EvalRunner(knowledgeBase, options, (q, ct) => session.AskAsync(q, null, ct), evalMode).RunAsync(
                        parseResult.GetValue(corpus)!, parseResult.GetValue(queries)!, parseResult.GetValue(qrels)!,
                        parseResult.GetValue(top), parseResult.GetValue(negatives), asJson ? null : progress, cancellationToken);
                }
                catch (ZhikuException ex) when (ex.Subject == "mode")
                {
                    throw StoreSession.Flagged("--mode hybrid", ex);
                }
                if (parseResult.GetValue(confidenceOut) is { } confidencePath)
                {
                    File.WriteAllLines(confidencePath, report.Confidences.Select(c =>
                        (c.Answerable ? "answerable\t" : "negative\t") + c.Confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                if (parseResult.GetValue(answersOut) is { } answersPath)
                {
                    var lineOptions = new System.Text.Json.JsonSerializerOptions(CliJson.Options) { WriteIndented = false };
                    File.WriteAllLines(answersPath, report.Outcomes.Select(o => System.Text.Json.JsonSerializer.Serialize(o, lineOptions)));
                }

                if (asJson)
                {
                    CliJson.Print(new
                    {
                        metrics = report.Metrics,
                        queries = report.Queries,
                        answer_queries = report.AnswerQueries,
                        negatives = report.Negatives,
                        latency_ms = new { p50 = report.LatencyP50Ms, p95 = report.LatencyP95Ms },
                        ingest_mb_s = report.IngestMbPerSecond,
                        documents = report.Documents,
                        chunks = report.Chunks,
                        ingest_seconds = report.IngestSeconds,
                        answer_mode = session.ChatClient is not null ? "llm" : "extractive",
                        search_mode = report.Mode.ToString().ToLowerInvariant(),
                        embedding_model = report.Mode == EvalMode.Hybrid ? knowledgeBase.Vectors.ModelId : null,
                        embed_seconds = report.EmbedSeconds,
                    });
                }
                else
                {
                    Print(report);
                }

                return CliApp.Ok;
            }
            finally
            {
                if (!explicitStore)
                {
                    TryDelete(root);
                }
            }
        });
        return command;
    }

    private static void Print(EvalReport report)
    {
        Console.WriteLine($"search mode: {report.Mode.ToString().ToLowerInvariant()}" + (report.Mode == EvalMode.Hybrid ? $" (corpus embedded in {report.EmbedSeconds:F1}s)" : ""));
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach ((string name, double value) in report.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            table.AddRow(name, value.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
        }

        table.AddRow("queries", report.Queries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("queries with gold answers (anshit, askhit)", report.AnswerQueries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (report.Negatives > 0)
        {
            table.AddRow("negatives", report.Negatives.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        table.AddRow("latency p50 / p95 (ms)", $"{report.LatencyP50Ms:F1} / {report.LatencyP95Ms:F1}");
        table.AddRow("ingest MB/s", report.IngestMbPerSecond.ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("documents / chunks", $"{report.Documents} / {report.Chunks}");
        AnsiConsole.Write(table);
    }

    private static void TryDelete(string root)
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
