using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Privacy;
using Zhiku.Core.Storage;

namespace Zhiku.Cli.Commands;

/// <summary><c>zhiku scan PATH... [--json]</c>: a personal-data inventory of files, without indexing them.</summary>
internal static class ScanCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create()
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "Files or folders to scan / 要扫描的文件或目录",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var kb = new Option<string?>("--kb") { Description = "Scan the stored documents of a knowledge base instead / 扫描知识库中已存文档" };
        Option<bool> json = CliOptions.Json();
        var minScore = new Option<double>("--min-score")
        {
            Description = "Report findings at or above this confidence (0-1) / 最低置信度",
            DefaultValueFactory = _ => new PiiDetectorOptions().MinScore,
        };

        var command = new Command("scan", "Report personal data in files, by type and file, without indexing / 扫描文件中的个人信息（不入库）");
        command.Arguments.Add(paths);
        command.Options.Add(json);
        command.Options.Add(minScore);
        command.Options.Add(kb);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            double threshold = parseResult.GetValue(minScore);
            if (threshold is < 0 or > 1)
            {
                throw ZhikuException.InvalidInput("--min-score must be between 0 and 1. / --min-score 必须在 0 到 1 之间。");
            }

            var scanner = new PiiScanner(new PiiDetector(new PiiDetectorOptions { MinScore = threshold }),
                Zhiku.Core.Documents.DocumentReader.BuiltInParsers(new Zhiku.Core.Documents.DocumentReaderOptions()));
            string[] inputs = parseResult.GetValue(paths) ?? [];
            IReadOnlyList<FileScanResult> results;
            if (parseResult.GetValue(kb) is { } kbName)
            {
                using KnowledgeBase knowledgeBase = await StoreSession.OpenKnowledgeBaseAsync(await StoreSession.OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false), kbName, cancellationToken).ConfigureAwait(false);
                var scanned = new List<FileScanResult>();
                foreach (DocumentInfo d in await knowledgeBase.Store.Documents.ListAsync(knowledgeBase.Info.Id, cancellationToken: cancellationToken))
                {
                    string text = await knowledgeBase.Store.Documents.GetTextAsync(d.Id, cancellationToken) ?? "";
                    scanned.Add(scanner.ScanText(d.SourcePath ?? d.ExternalId ?? $"doc {d.Id}", text));
                }

                results = scanned;
            }
            else if (inputs.Length == 0)
            {
                throw ZhikuException.InvalidInput("scan: give files or folders, or --kb NAME / 请指定文件、目录或 --kb");
            }
            else
            {
                results = await scanner.ScanPathsAsync(inputs, cancellationToken).ConfigureAwait(false);
            }
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(ScanReport.From(results), JsonOptions));
            }
            else
            {
                PrintTable(results);
            }

            return CliApp.Ok;
        });
        return command;
    }

    private static void PrintTable(IReadOnlyList<FileScanResult> results)
    {
        var table = new Table().AddColumns("File / 文件", "Findings / 数量", "By type / 按类型");
        foreach (FileScanResult file in results)
        {
            string byType = file.Skipped ?? string.Join(", ", file.CountsByType.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));
            table.AddRow(Markup.Escape(file.Path), file.Findings.Count.ToString(CultureInfo.InvariantCulture), Markup.Escape(byType));
        }

        AnsiConsole.Write(table);
        var totals = results.SelectMany(r => r.Findings).GroupBy(f => f.Type).OrderByDescending(g => g.Count()).ToList();
        var summary = new Table().AddColumns("Type / 类型", "Count / 数量", "Files / 文件数");
        foreach (var group in totals)
        {
            int fileCount = results.Count(r => r.Findings.Any(f => f.Type == group.Key));
            summary.AddRow(group.Key, group.Count().ToString(CultureInfo.InvariantCulture), fileCount.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(summary);
        AnsiConsole.WriteLine($"{results.Count} file(s), {totals.Sum(g => g.Count())} finding(s). / 共 {results.Count} 个文件，{totals.Sum(g => g.Count())} 处个人信息。");
    }

    // The --json contract: {"files":[{"path","findings":[{"type","start","end","score","masked"}]}]}; "skipped" only when set.
    private sealed record ScanReport(IReadOnlyList<ScannedFile> Files)
    {
        public static ScanReport From(IReadOnlyList<FileScanResult> results) =>
            new([.. results.Select(r => new ScannedFile(r.Path, r.Findings, r.Skipped))]);
    }

    private sealed record ScannedFile(string Path, IReadOnlyList<PiiFinding> Findings, string? Skipped);
}
