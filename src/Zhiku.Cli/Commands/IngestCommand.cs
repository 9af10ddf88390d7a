using System.CommandLine;
using Spectre.Console;
using Zhiku.Core.Access;
using Zhiku.Core;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Storage;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku ingest PATH... [--kb NAME] [--sync] [--policy P] [--groups G] [--max-file-mb N] [--force] [--no-dense] [--json]`. The
/// keyword index is committed first (search works at once), then the chunks are embedded for dense search. The whole
/// batch always runs; the exit code is 1 when any file failed. The knowledge base must exist (except `default`), and
/// --policy may only tighten its policy.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "Files or folders (recursive) / 文件或文件夹", Arity = ArgumentArity.OneOrMore };
        Option<string> kb = CliOptions.Kb();
        var sync = new Option<bool>("--sync") { Description = "Also remove documents whose files are gone / 同时删除已不存在的文件" };
        var policy = new Option<string?>("--policy") { Description = "Data policy of these documents: cloud, local-only, forbidden / 文档数据策略" };
        var maxMb = new Option<long>("--max-file-mb") { Description = "Skip files larger than this (MB) / 文件大小上限", DefaultValueFactory = _ => IngestOptions.DefaultMaxFileBytes / 1048576 };
        var groups = new Option<string?>("--groups") { Description = "Only these groups may read the documents (server permissions), comma-separated / 可阅读的分组" };
        var force = new Option<bool>("--force") { Description = "Parse again even unchanged or quarantined files / 强制重新解析（含已隔离的文件）" };
        var noDense = new Option<bool>("--no-dense") { Description = "Skip computing vectors now (search is keyword-only until `zhiku reembed`) / 暂不生成向量" };
        Option<bool> json = CliOptions.Json();
        var command = new Command("ingest", "Add files to a knowledge base (incremental) / 导入文件（增量）") { paths, kb, sync, policy, maxMb, groups, force, noDense, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            long maxFileMb = parseResult.GetValue(maxMb);
            if (maxFileMb <= 0)
            {
                throw ZhikuException.InvalidInput("--max-file-mb: must be a positive number / 必须为正数");
            }

            string? policyName = parseResult.GetValue(policy);
            var options = new IngestOptions
            {
                Sync = parseResult.GetValue(sync),
                Force = parseResult.GetValue(force),
                Policy = policyName is null ? null : DataPolicy.Parse(policyName, "--policy"),
                MaxFileBytes = maxFileMb * 1048576,
                Groups = Zhiku.Core.Access.DocumentGroups.Parse(parseResult.GetValue(groups), "--groups"),
            };
            using KnowledgeBase knowledgeBase = await StoreSession.OpenKnowledgeBaseAsync(parseResult, kb, cancellationToken).ConfigureAwait(false);
            DocumentPolicy.EnsureNotLooser(knowledgeBase.Info, options.Policy, "--policy");
            options = options with
            {
                PolicyRules = knowledgeBase.Store.Configuration.Current.Privacy.Rules,
            };
            // Files are parsed in a worker process under memory and time limits: a hostile file ends the worker, not ingest.
            using var parser = new Zhiku.Core.Ingestion.Isolation.IsolatedFileParser(
                Zhiku.Core.Ingestion.Isolation.ParserWorkerCommand.Resolve(),
                new Zhiku.Core.Ingestion.Isolation.ParserWorkerLimits
                {
                    MaxFileBytes = options.MaxFileBytes,
                    Ocr = Zhiku.Core.Documents.Ocr.OcrOptions.ForStore(knowledgeBase.Store.Layout.Root),
                });
            var ingestor = new Ingestor(knowledgeBase, options, parser);
            string[] inputs = parseResult.GetValue(paths) ?? [];
            bool asJson = parseResult.GetValue(json);
            IngestSummary summary = asJson || Console.IsOutputRedirected
                ? await RunPlainAsync(ingestor, inputs, printLines: !asJson, cancellationToken).ConfigureAwait(false)
                : await RunWithProgressBarAsync(ingestor, inputs, cancellationToken).ConfigureAwait(false);
            var embedding = System.Diagnostics.Stopwatch.StartNew();
            VectorUpdateResult vectors = parseResult.GetValue(noDense)
                ? VectorUpdateResult.Disabled
                : await VectorUpdateConsole.RunAsync(knowledgeBase, asJson, cancellationToken).ConfigureAwait(false);
            embedding.Stop();
            if (asJson)
            {
                CliJson.Print(new
                {
                    kb = knowledgeBase.Info.Name,
                    embedded = vectors.Embedded,
                    ingested = summary.Ingested,
                    unchanged = summary.Unchanged,
                    skipped = summary.Skipped,
                    failed = summary.Failed,
                    ok = summary.Failed == 0,
                    removed = summary.Removed,
                    quarantined = summary.Quarantined,
                    chunks = summary.Chunks,
                    // "seconds" and MB/s cover the whole run, embedding included; the phases add up to it.
                    seconds = Math.Round((summary.Elapsed + embedding.Elapsed).TotalSeconds, 2),
                    parse_seconds = Math.Round(summary.ParseElapsed.TotalSeconds, 2),
                    index_seconds = Math.Round(summary.IndexElapsed.TotalSeconds, 2),
                    embed_seconds = Math.Round(embedding.Elapsed.TotalSeconds, 2),
                    mb = Math.Round(summary.Bytes / 1048576.0, 3),
                    mb_per_second = Math.Round(summary.Bytes / 1048576.0 / Math.Max(1e-3, (summary.Elapsed + embedding.Elapsed).TotalSeconds), 3),
                    files = summary.Files.Select(f => new { path = f.Path, status = f.Status.ToString().ToLowerInvariant(), reason = ReasonWithFlag(f), documents = f.Documents, chunks = f.Chunks }),
                });
            }
            else
            {
                PrintSummary(knowledgeBase.Info.Name, summary);
                if (!parseResult.GetValue(noDense) && knowledgeBase.Vectors.Enabled)
                {
                    Console.WriteLine(VectorUpdateConsole.Describe(vectors));
                }
            }

            if (summary.Failed > 0)
            {
                Console.Error.WriteLine($"error: {summary.Failed} of {summary.Files.Count} files failed (see the failed lines); the other files were processed / {summary.Failed} 个文件导入失败，其余文件已处理");
                return CliApp.UserError;
            }

            return CliApp.Ok;
        });
        return command;
    }

    private static async Task<IngestSummary> RunPlainAsync(Ingestor ingestor, string[] inputs, bool printLines, CancellationToken cancellationToken)
    {
        var progress = new SynchronousProgress<IngestProgress>(p =>
        {
            if (printLines && p.Last is { } f)
            {
                Console.WriteLine($"[{p.FilesDone}/{p.FilesTotal}] {Describe(f)}");
            }
        });
        return await ingestor.IngestAsync(inputs, progress, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IngestSummary> RunWithProgressBarAsync(Ingestor ingestor, string[] inputs, CancellationToken cancellationToken)
    {
        IngestSummary? summary = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("ingest", maxValue: 1);
                var progress = new SynchronousProgress<IngestProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = p.BytesDone;
                    task.Description = $"files {p.FilesDone}/{p.FilesTotal}  {p.BytesDone / 1048576.0:F1}/{p.BytesTotal / 1048576.0:F1} MB  chunks {p.Chunks}";
                });
                summary = await ingestor.IngestAsync(inputs, progress, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        foreach (FileOutcome f in summary!.Files.Where(f => f.Status is FileStatus.Failed or FileStatus.Skipped or FileStatus.Removed or FileStatus.Quarantined
                     || (f.Status == FileStatus.Ingested && f.Reason is not null)))
        {
            Console.WriteLine(Describe(f));
        }

        return summary;
    }

    private static string Describe(FileOutcome f) => f.Status switch
    {
        FileStatus.Ingested => $"ok      {f.Path} ({f.Documents} doc, {f.Chunks} chunks)" + (f.Reason is null ? "" : $"; {f.Reason}"),
        FileStatus.Unchanged => $"same    {f.Path}",
        FileStatus.Skipped => $"skipped {f.Path}: {ReasonWithFlag(f)}",
        FileStatus.Failed => $"failed  {f.Path}: {ReasonWithFlag(f)}",
        FileStatus.Removed => $"removed {f.Path}",
        FileStatus.Quarantined => $"quarantined {f.Path}: {ReasonWithFlag(f)}",
        _ => f.Path,
    };

    /// <summary>Core's reason names the remedy (the size limit, a forced ingest); the CLI adds the flag that does it.</summary>
    private static string? ReasonWithFlag(FileOutcome f) => f.Remedy switch
    {
        FileRemedy.RaiseSizeLimit => $"{f.Reason} [--max-file-mb]",
        FileRemedy.Force => $"{f.Reason} [ingest --force]",
        _ => f.Reason,
    };

    private static void PrintSummary(string kb, IngestSummary s) =>
        Console.WriteLine(
            $"kb '{kb}': {s.Ingested} ingested, {s.Unchanged} unchanged, {s.Skipped} skipped, {s.Failed} failed" +
            (s.Removed > 0 ? $", {s.Removed} removed" : "") +
            (s.Quarantined > 0 ? $", {s.Quarantined} quarantined / 隔离 {s.Quarantined}" : "") +
            $"; {s.Chunks} chunks, {s.Bytes / 1048576.0:F2} MB in {s.Elapsed.TotalSeconds:F1}s" +
            $" / 导入 {s.Ingested}，未变 {s.Unchanged}，跳过 {s.Skipped}，失败 {s.Failed}");

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this reports inline so lines keep their order.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
