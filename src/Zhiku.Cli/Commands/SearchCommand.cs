using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Answering.Json;
using Zhiku.Core.Indexing;
using Zhiku.Core.Answering.Citations;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku search QUERY [--kb NAME] [--top N] [--explain] [--json]`: ranked chunks.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "What to search for / 查询内容" };
        Option<string> kb = CliOptions.Kb();
        var top = new Option<int>("--top") { Description = "Number of results / 返回条数", DefaultValueFactory = _ => 10 };
        var explain = new Option<bool>("--explain") { Description = "Show each result's keyword and dense ranks and scores and the fused score / 显示排序依据" };
        Option<bool> json = CliOptions.Json();
        var command = new Command("search", "Search the knowledge base / 检索知识库") { query, kb, top, explain, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string text = parseResult.GetValue(query) ?? "";
            if (string.IsNullOrWhiteSpace(text))
            {
                throw ZhikuException.InvalidInput("query: empty; type what to search for / 查询内容不能为空");
            }

            if (parseResult.GetValue(top) <= 0)
            {
                throw ZhikuException.InvalidInput("--top: must be a positive number / --top 必须为正整数", "top");
            }

            using KnowledgeBase knowledgeBase = await StoreSession.OpenKnowledgeBaseAsync(parseResult, kb, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<SearchResult> results = await knowledgeBase.SearchAsync(text, parseResult.GetValue(top),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            bool withExplain = parseResult.GetValue(explain);
            if (parseResult.GetValue(json))
            {
                CliJson.Print(AnswerJson.Search(results, withExplain));
                return CliApp.Ok;
            }

            if (withExplain && results.Count > 0 && results[0].Explanation is { } first)
            {
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(first.DenseNote)}[/]");
            }

            if (results.Count == 0)
            {
                Console.WriteLine("No results. / 没有找到结果。");
                return CliApp.Ok;
            }

            foreach (SearchResult r in results)
            {
                string where = CitationLocation.Format(r.Chunk.Title, r.Chunk.HeadingPath, r.Chunk.Page);
                AnsiConsole.MarkupLine($"[bold]{r.Rank}.[/] [cyan]{Markup.Escape(r.Chunk.Title)}[/]{Markup.Escape(where)} [grey](score {r.Score:F2}, doc {r.Chunk.DocId})[/]");
                if (withExplain && r.Explanation is { } e)
                {
                    AnsiConsole.MarkupLine("   [grey]" + Markup.Escape(Explain(e)) + "[/]");
                }

                AnsiConsole.WriteLine("   " + Snippet(r.Chunk.Text, 200));
            }

            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>One line: keyword rank/score, dense rank/score, fused score, rerank score.</summary>
    internal static string Explain(Zhiku.Core.Indexing.Hybrid.SearchExplanation e)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        string keyword = e.KeywordRank is { } kr ? string.Format(c, "keyword #{0} (bm25 {1:F2})", kr, e.KeywordScore) : "keyword -";
        string dense = e.DenseRank is { } dr ? string.Format(c, "dense #{0} (cos {1:F3})", dr, e.DenseScore)
            : e.DenseWeight > 0 ? "dense -" : "dense unused";
        string fused = e.FusedScore is { } f ? string.Format(c, "fused {0:F4} (weights {1:0.##}/{2:0.##})", f, e.KeywordWeight, e.DenseWeight) : "keyword order";
        string rerank = e.RerankScore is { } r ? string.Format(c, ", rerank {0:F3}", r) : "";
        return $"{keyword} · {dense} · {fused}{rerank}";
    }

    internal static string Snippet(string text, int max)
    {
        string flat = text.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..max] + "…";
    }
}
