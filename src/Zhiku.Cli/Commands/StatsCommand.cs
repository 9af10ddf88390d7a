using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Storage;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku stats [--json]`: documents, chunks and sizes per knowledge base, and disk use.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        Option<bool> json = CliOptions.Json();
        var command = new Command("stats", "Store statistics / 存储统计") { json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            ZhikuStore store = await StoreSession.OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false);
            var counted = new List<(KnowledgeBaseInfo Kb, DocumentCounts Counts)>();
            foreach (KnowledgeBaseInfo k in await store.KnowledgeBases.ListAsync(cancellationToken))
            {
                counted.Add((k, await store.Documents.CountAsync(k.Id, cancellationToken)));
            }

            var rows = counted.Select(c =>
            {
                (KnowledgeBaseInfo k, DocumentCounts counts) = c;
                long indexBytes = FolderSize(store.Layout.KnowledgeBaseFolder(k.Id));
                return new { name = k.Name, policy = k.Policy, documents = counts.Documents, chunks = counts.Chunks, text_chars = counts.TextChars, source_bytes = counts.SourceBytes, index_bytes = indexBytes };
            }).ToList();
            long dbBytes = new DirectoryInfo(store.Layout.Root).EnumerateFiles("zhiku.db*").Sum(f => f.Length);
            if (parseResult.GetValue(json))
            {
                CliJson.Print(new { store = store.Layout.Root, database_bytes = dbBytes, kbs = rows });
                return CliApp.Ok;
            }

            // database_bytes is zhiku.db's size: with PostgreSQL the folder has none, and the server's size is its own.
            Console.WriteLine(store.Engine.Database is { } database
                ? $"store: {store.Layout.Root}  (database PostgreSQL {database})"
                : $"store: {store.Layout.Root}  (database {dbBytes / 1048576.0:F2} MB)");
            var table = new Table().AddColumns("kb", "policy", "documents", "chunks", "text chars", "source MB", "index MB");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.name), r.policy, $"{r.documents}", $"{r.chunks}", $"{r.text_chars}", $"{r.source_bytes / 1048576.0:F2}", $"{r.index_bytes / 1048576.0:F2}");
            }

            AnsiConsole.Write(table);
            return CliApp.Ok;
        });
        return command;
    }

    private static long FolderSize(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
