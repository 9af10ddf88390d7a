using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Answering;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku ask QUESTION [--kb NAME] [--json]`: an answer with numbered citations.</summary>
internal static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "Your question / 问题" };
        Option<string> kb = CliOptions.Kb();
        Option<bool> json = CliOptions.Json();
        var command = new Command("ask", "Ask a question; the answer cites its sources / 提问，答案附引用") { question, kb, json };
        command.SetAction(parseResult =>
        {
            string text = parseResult.GetValue(question) ?? "";
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UserInputException("question: empty; type a question / 问题不能为空");
            }

            using KnowledgeBase knowledgeBase = StoreSession.OpenKnowledgeBase(parseResult, kb);
            Answer answer = knowledgeBase.Ask(text);
            if (parseResult.GetValue(json))
            {
                CliJson.Print(ToJson(answer));
                return CliApp.Ok;
            }

            Print(answer);
            return CliApp.Ok;
        });
        return command;
    }

    internal static object ToJson(Answer answer) => new
    {
        found = answer.Found,
        answer = answer.Text,
        mode = answer.Mode,
        confidence = answer.Confidence,
        citations = answer.Citations.Select(c => new
        {
            n = c.N,
            doc_id = c.DocId,
            external_id = c.ExternalId,
            chunk_id = c.ChunkId,
            title = c.Title,
            source = c.Source,
            heading = c.Heading,
            page = c.Page,
            quote = c.Quote,
            start = c.Start,
            end = c.End,
        }),
        closest = answer.Closest.Select(d => new { doc_id = d.DocId, external_id = d.ExternalId, title = d.Title, source = d.Source }),
    };

    internal static void Print(Answer answer)
    {
        AnsiConsole.WriteLine(answer.Text);
        if (answer.Mode == "extractive" && answer.Found)
        {
            AnsiConsole.MarkupLine("[grey](extractive answer: quoted from your documents, no model used / 摘录式回答：直接引自文档)[/]");
        }

        if (answer.Citations.Count > 0)
        {
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLine("[bold]Sources / 引用[/]");
            foreach (Citation c in answer.Citations)
            {
                string where = SearchCommand.Location(SearchCommand.HeadingUnderTitle(c.Title, c.Heading), c.Page);
                string source = c.Source is null ? "" : $" [grey]{Markup.Escape(Path.GetFileName(c.Source))}[/]";
                AnsiConsole.MarkupLine($"[[{c.N}]] [cyan]{Markup.Escape(c.Title)}[/]{Markup.Escape(where)}{source}");
                AnsiConsole.WriteLine($"    “{SearchCommand.Snippet(c.Quote, 240)}”");
            }
        }

        if (answer.Closest.Count > 0)
        {
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLine("[bold]Closest documents / 最相近的文档[/]");
            foreach (RelatedDocument d in answer.Closest)
            {
                AnsiConsole.MarkupLine($" - [cyan]{Markup.Escape(d.Title)}[/] [grey](doc {d.DocId})[/]");
            }
        }
    }
}
