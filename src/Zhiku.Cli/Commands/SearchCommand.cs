using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Answering.Json;
using Zhiku.Core.Indexing;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku search QUERY [--kb NAME] [--top N] [--json]`: ranked chunks.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "What to search for / 查询内容" };
        Option<string> kb = CliOptions.Kb();
        var top = new Option<int>("--top") { Description = "Number of results / 返回条数", DefaultValueFactory = _ => 10 };
        Option<bool> json = CliOptions.Json();
        var command = new Command("search", "Search the knowledge base / 检索知识库") { query, kb, top, json };
        command.SetAction(parseResult =>
        {
            using KnowledgeBase knowledgeBase = StoreSession.OpenKnowledgeBase(parseResult, kb);
            IReadOnlyList<SearchResult> results = knowledgeBase.Search(parseResult.GetValue(query) ?? "", parseResult.GetValue(top));
            if (parseResult.GetValue(json))
            {
                CliJson.Print(AnswerJson.Search(results));
                return CliApp.Ok;
            }

            if (results.Count == 0)
            {
                Console.WriteLine("No results. / 没有找到结果。");
                return CliApp.Ok;
            }

            foreach (SearchResult r in results)
            {
                string where = Location(HeadingUnderTitle(r.Chunk.Title, r.Chunk.HeadingPath), r.Chunk.Page);
                AnsiConsole.MarkupLine($"[bold]{r.Rank}.[/] [cyan]{Markup.Escape(r.Chunk.Title)}[/]{Markup.Escape(where)} [grey](score {r.Score:F2}, doc {r.Chunk.DocId})[/]");
                AnsiConsole.WriteLine("   " + Snippet(r.Chunk.Text, 200));
            }

            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>The heading path without a leading title heading (a Markdown H1 usually repeats the title).</summary>
    internal static string HeadingUnderTitle(string title, string heading)
    {
        string prefix = title + " > ";
        return heading == title ? "" : heading.StartsWith(prefix, StringComparison.Ordinal) ? heading[prefix.Length..] : heading;
    }

    internal static string Location(string heading, int? page) =>
        (string.IsNullOrEmpty(heading) ? "" : " › " + heading) + (page is null ? "" : $" (p.{page})");

    internal static string Snippet(string text, int max)
    {
        string flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..max] + "…";
    }
}
