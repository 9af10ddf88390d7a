using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Json;

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
                CliJson.Print(AnswerJson.Ask(answer));
                return CliApp.Ok;
            }

            Print(answer);
            return CliApp.Ok;
        });
        return command;
    }

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
