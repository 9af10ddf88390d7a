using System.CommandLine;
using Spectre.Console;
using Zhiku.Core.Access;
using Zhiku.Core;
using Zhiku.Core.Storage;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku kb create|list|delete`.</summary>
internal static class KbCommand
{
    public static Command Create()
    {
        var command = new Command("kb", "Manage knowledge bases / 管理知识库");

        var createName = new Argument<string>("name");
        var policy = new Option<string>("--policy") { Description = "cloud | local-only | forbidden", DefaultValueFactory = _ => DataPolicy.Cloud };
        Option<bool> createJson = CliOptions.Json();
        var create = new Command("create", "Create a knowledge base / 新建知识库") { createName, policy, createJson };
        create.SetAction(async (parseResult, cancellationToken) =>
        {
            string policyName = DataPolicy.Parse(parseResult.GetValue(policy)!, "--policy");
            ZhikuStore store = await StoreSession.OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false);
            KnowledgeBaseInfo info = await store.CreateKnowledgeBaseAsync(parseResult.GetValue(createName)!, policyName, cancellationToken);
            if (parseResult.GetValue(createJson))
            {
                CliJson.Print(new { name = info.Name, policy = info.Policy, created_at = info.CreatedAt });
            }
            else
            {
                Console.WriteLine($"created knowledge base '{info.Name}' (policy {info.Policy}) / 已创建知识库");
            }

            return CliApp.Ok;
        });

        Option<bool> listJson = CliOptions.Json();
        var list = new Command("list", "List knowledge bases / 列出知识库") { listJson };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            ZhikuStore store = await StoreSession.OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false);
            var rows = new List<(KnowledgeBaseInfo Info, DocumentCounts Counts)>();
            foreach (KnowledgeBaseInfo k in await store.KnowledgeBases.ListAsync(cancellationToken))
            {
                rows.Add((k, await store.Documents.CountAsync(k.Id, cancellationToken)));
            }

            if (parseResult.GetValue(listJson))
            {
                CliJson.Print(new { kbs = rows.Select(r => new { name = r.Info.Name, policy = r.Info.Policy, documents = r.Counts.Documents, chunks = r.Counts.Chunks, created_at = r.Info.CreatedAt }) });
                return CliApp.Ok;
            }

            var table = new Table().AddColumns("name", "policy", "documents", "chunks", "created");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.Info.Name), r.Info.Policy, r.Counts.Documents.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    r.Counts.Chunks.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Info.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return CliApp.Ok;
        });

        var deleteName = new Argument<string>("name");
        var delete = new Command("delete", "Delete a knowledge base and its documents / 删除知识库") { deleteName };
        delete.SetAction(async (parseResult, cancellationToken) =>
        {
            string name = parseResult.GetValue(deleteName)!;
            ZhikuStore store = await StoreSession.OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false);
            await store.DeleteKnowledgeBaseAsync(name, cancellationToken);
            Console.WriteLine($"deleted knowledge base '{name}' / 已删除知识库");
            return CliApp.Ok;
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(delete);
        return command;
    }
}
