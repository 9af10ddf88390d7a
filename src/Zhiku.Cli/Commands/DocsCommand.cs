using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Documents;
using Zhiku.Core.Storage;
using Zhiku.Core.Answering.Citations;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku docs list|show ID|delete ID`.</summary>
internal static class DocsCommand
{
    public static Command Create()
    {
        var command = new Command("docs", "Documents of a knowledge base / 文档管理");

        Option<string> listKb = CliOptions.Kb();
        Option<bool> listJson = CliOptions.Json();
        var list = new Command("list", "List documents / 列出文档") { listKb, listJson };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            using KnowledgeBase kb = await StoreSession.OpenKnowledgeBaseAsync(parseResult, listKb, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<DocumentInfo> documents = await kb.Store.Documents.ListAsync(kb.Info.Id, cancellationToken: cancellationToken);
            IReadOnlyList<QuarantinedFile> quarantined = await kb.Store.Quarantine.ListAsync(kb.Info.Id, cancellationToken);
            IReadOnlyDictionary<long, PageSummary> pages = await kb.Store.Documents.GetPageSummariesAsync(documents.Select(d => d.Id).ToList(), cancellationToken);
            if (parseResult.GetValue(listJson))
            {
                CliJson.Print(new
                {
                    documents = documents.Select(d => ToJson(d, pages.GetValueOrDefault(d.Id))),
                    quarantined = quarantined.Select(q => new { name = q.Name, content_hash = q.ContentHash, kills = q.Kills, reason = q.Reason, updated_at = q.UpdatedAt }),
                });
                return CliApp.Ok;
            }

            var table = new Table().AddColumns("id", "title", "format", "chunks", "pages", "size", "source");
            foreach (DocumentInfo d in documents)
            {
                table.AddRow(d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(d.Title), d.Format,
                    d.ChunkCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(DescribePages(pages.GetValueOrDefault(d.Id))),
                    $"{d.SizeBytes / 1024.0:F1} KB", Markup.Escape(d.SourcePath ?? d.ExternalId ?? ""));
            }

            AnsiConsole.Write(table);
            Console.WriteLine($"{documents.Count} documents / 共 {documents.Count} 篇文档");
            foreach (QuarantinedFile q in quarantined)
            {
                Console.WriteLine($"quarantined {q.Name}: {q.Reason} / 已隔离");
            }

            return CliApp.Ok;
        });

        var showId = new Argument<long>("id");
        Option<string> showKb = CliOptions.Kb();
        Option<bool> showJson = CliOptions.Json();
        var show = new Command("show", "Show a document and its chunks / 查看文档") { showId, showKb, showJson };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            using KnowledgeBase kb = await StoreSession.OpenKnowledgeBaseAsync(parseResult, showKb, cancellationToken).ConfigureAwait(false);
            long id = parseResult.GetValue(showId);
            DocumentInfo document = await kb.Store.Documents.GetAsync(kb.Info.Id, id, cancellationToken)
                ?? throw ZhikuException.NotFound($"no document {id} in knowledge base '{kb.Info.Name}'; see `zhiku docs list` / 文档不存在");
            IReadOnlyList<ChunkRecord> chunks = await kb.Store.Chunks.GetOfDocumentsAsync([id], cancellationToken);
            IReadOnlyList<string> sources = await kb.Store.DocumentSources.ListAsync(id, cancellationToken);
            IReadOnlyList<PageText> pageList = await kb.Store.Documents.GetPagesAsync(id, cancellationToken);
            PageSummary? summary = pageList.Count == 0 ? null : PageSummary.Of(pageList);
            if (parseResult.GetValue(showJson))
            {
                CliJson.Print(new
                {
                    document = ToJson(document, summary),
                    sources,
                    page_sources = pageList.Select(p => new { page = p.Page, source = p.Source.ToString().ToLowerInvariant(), quality = p.Quality }),
                    chunks = chunks.Select(c => new { chunk_id = c.Id, ordinal = c.Ordinal, heading = c.HeadingPath, page = c.Page, start = c.Start, end = c.End, text = c.Text }),
                });
                return CliApp.Ok;
            }

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(document.Title)}[/] (doc {document.Id}, {document.Format}, {document.ChunkCount} chunks)");
            Console.WriteLine($"source: {document.SourcePath ?? document.ExternalId}");
            foreach (string other in sources.Skip(1))
            {
                // Files with the same content are one document with several sources.
                Console.WriteLine($"        {other}  (same content / 内容相同)");
            }

            Console.WriteLine($"hash:   {document.ContentHash}");
            Console.WriteLine($"updated: {document.UpdatedAt:yyyy-MM-dd HH:mm:ss}");
            if (summary is not null)
            {
                Console.WriteLine($"pages:  {DescribePages(summary)}");
                foreach (PageText p in pageList.Where(p => p.Source != PageTextSource.Text))
                {
                    Console.WriteLine($"  page {p.Page}: {p.Source.ToString().ToLowerInvariant()}" + (p.Source == PageTextSource.Ocr ? $" (quality {p.Quality:0.00})" : ""));
                }
            }
            foreach (ChunkRecord c in chunks)
            {
                Console.WriteLine();
                Console.WriteLine($"--- chunk {c.Ordinal}{CitationLocation.Format(c.HeadingPath, c.Page)} [{c.Start}..{c.End}]");
                Console.WriteLine(c.Text);
            }

            return CliApp.Ok;
        });

        var deleteId = new Argument<long>("id");
        Option<string> deleteKb = CliOptions.Kb();
        var delete = new Command("delete", "Delete a document / 删除文档") { deleteId, deleteKb };
        delete.SetAction(async (parseResult, cancellationToken) =>
        {
            using KnowledgeBase kb = await StoreSession.OpenKnowledgeBaseAsync(parseResult, deleteKb, cancellationToken).ConfigureAwait(false);
            long id = parseResult.GetValue(deleteId);
            if (!await kb.DeleteDocumentAsync(id, cancellationToken))
            {
                throw ZhikuException.NotFound($"no document {id} in knowledge base '{kb.Info.Name}'; see `zhiku docs list` / 文档不存在");
            }

            Console.WriteLine($"deleted document {id} / 已删除文档 {id}");
            return CliApp.Ok;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(delete);
        return command;
    }

    /// <summary>"3 (2 OCR, 1 empty)": what a user needs to know about pages the text layer did not give.</summary>
    private static string DescribePages(PageSummary? s)
    {
        if (s is null)
        {
            return "";
        }

        var parts = new List<string>();
        if (s.Ocr > 0)
        {
            parts.Add($"{s.Ocr} OCR");
        }

        if (s.Empty > 0)
        {
            parts.Add($"{s.Empty} empty");
        }

        if (s.Skipped > 0)
        {
            parts.Add($"{s.Skipped} not read");
        }

        return parts.Count == 0 ? $"{s.Total}" : $"{s.Total} ({string.Join(", ", parts)})";
    }

    private static object ToJson(DocumentInfo d, PageSummary? pages) => new
    {
        doc_id = d.Id,
        external_id = d.ExternalId,
        title = d.Title,
        source = d.SourcePath,
        format = d.Format,
        size_bytes = d.SizeBytes,
        text_chars = d.TextChars,
        chunks = d.ChunkCount,
        policy = d.Policy,
        content_hash = d.ContentHash,
        updated_at = d.UpdatedAt,
        pages = pages is null ? null : new
        {
            total = pages.Total,
            text = pages.Text,
            ocr = pages.Ocr,
            empty = pages.Empty,
            skipped = pages.Skipped,
            ocr_quality = pages.OcrQuality,
        },
    };
}
