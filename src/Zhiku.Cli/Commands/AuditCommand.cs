using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Storage;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku audit list [--kb NAME] [--limit N] [--json]` and `zhiku audit show ID [--json]`: every request sent to a model.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Requests sent to language models / 大模型调用审计");

        var kb = new Option<string?>("--kb") { Description = "Only this knowledge base / 仅该知识库" };
        var limit = new Option<int>("--limit") { Description = "How many, newest first / 条数", DefaultValueFactory = _ => 50 };
        Option<bool> listJson = CliOptions.Json();
        var list = new Command("list", "List audit records / 列出审计记录") { kb, limit, listJson };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            ZhikuStore store = await StoreSession.OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<AuditRecord> records = await store.Audit.ListAsync(parseResult.GetValue(limit), parseResult.GetValue(kb), cancellationToken)
                .ConfigureAwait(false);
            if (parseResult.GetValue(listJson))
            {
                CliJson.Print(new JsonObject { ["records"] = new JsonArray(records.Select(r => (JsonNode)ToJson(r, withSent: false)).ToArray()) });
                return CliApp.Ok;
            }

            var table = new Table().AddColumns("id", "time", "user", "kb", "provider", "model", "local", "status", "ms", "placeholders");
            foreach (AuditRecord r in records)
            {
                table.AddRow($"{r.Id}", r.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(r.User), Markup.Escape(r.KnowledgeBase), Markup.Escape(r.Provider), Markup.Escape(r.Model),
                    r.Local ? "yes" : "no", r.Status, $"{r.DurationMs}",
                    Markup.Escape(string.Join(", ", r.PlaceholderCounts.Select(kv => $"{kv.Key}×{kv.Value}"))));
            }

            AnsiConsole.Write(table);
            return CliApp.Ok;
        });

        var id = new Argument<long>("id");
        Option<bool> showJson = CliOptions.Json();
        var show = new Command("show", "Show one record with what was sent / 查看一条记录及发送内容") { id, showJson };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            ZhikuStore store = await StoreSession.OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false);
            long recordId = parseResult.GetValue(id);
            AuditRecord record = await store.Audit.GetAsync(recordId, cancellationToken).ConfigureAwait(false)
                ?? throw ZhikuException.NotFound($"no audit record {recordId}; see `zhiku audit list` / 审计记录不存在");
            if (parseResult.GetValue(showJson))
            {
                CliJson.Print(ToJson(record, withSent: true));
                return CliApp.Ok;
            }

            Console.WriteLine($"#{record.Id} {record.Time:O} user={record.User} kb={record.KnowledgeBase} provider={record.Provider} model={record.Model} local={record.Local} status={record.Status} {record.DurationMs} ms");
            Console.WriteLine("placeholders: " + string.Join(", ", record.PlaceholderCounts.Select(kv => $"{kv.Key}×{kv.Value}")));
            foreach (AuditedMessage message in record.Sent)
            {
                Console.WriteLine($"--- {message.Role}");
                Console.WriteLine(message.Text);
            }

            return CliApp.Ok;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        return command;
    }

    private static JsonObject ToJson(AuditRecord r, bool withSent)
    {
        var json = new JsonObject
        {
            ["id"] = r.Id,
            ["time"] = r.Time,
            ["user"] = r.User,
            ["kb"] = r.KnowledgeBase,
            ["provider"] = r.Provider,
            ["model"] = r.Model,
            ["local"] = r.Local,
            ["status"] = r.Status,
            ["duration_ms"] = r.DurationMs,
            ["placeholders"] = new JsonObject(r.PlaceholderCounts.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        if (withSent)
        {
            json["sent"] = new JsonArray(r.Sent.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["text"] = m.Text }).ToArray());
        }

        return json;
    }
}
