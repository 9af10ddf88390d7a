using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Citations;
using Zhiku.Core.Answering.Json;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku ask QUESTION [--kb NAME] [--json]`: an answer with numbered citations, streamed when a model writes it.</summary>
internal static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "Your question / 问题" };
        Option<string> kb = CliOptions.Kb();
        Option<bool> json = CliOptions.Json();
        var command = new Command("ask", "Ask a question; the answer cites its sources / 提问，答案附引用") { question, kb, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string text = parseResult.GetValue(question) ?? "";
            if (string.IsNullOrWhiteSpace(text))
            {
                throw ZhikuException.InvalidInput("question: empty; type a question / 问题不能为空");
            }

            using KnowledgeBase knowledgeBase = await StoreSession.OpenKnowledgeBaseAsync(parseResult, kb, cancellationToken).ConfigureAwait(false);
            using QuestionAnswerer session = await AnswerSession.OpenAsync(knowledgeBase, cancellationToken).ConfigureAwait(false);
            bool asJson = parseResult.GetValue(json);
            bool streamed = false;
            Action<string>? onText = asJson ? null : piece =>
            {
                streamed = true;
                Console.Write(piece);
            };
            Answer answer = await session.AskAsync(text, onText, cancellationToken).ConfigureAwait(false);
            if (asJson)
            {
                CliJson.Print(AnswerJson.Ask(answer));
                return CliApp.Ok;
            }

            Print(answer, streamed);
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Prints an answer for a person: the text (unless it was streamed already), what is not supported,
    /// the sources and, when nothing was found, the closest documents.</summary>
    internal static void Print(Answer answer, bool alreadyStreamed)
    {
        if (answer.Notice is { } notice)
        {
            Console.Error.WriteLine(notice);
        }

        if (alreadyStreamed && answer.Mode == "llm")
        {
            Console.WriteLine();
        }
        else
        {
            Console.WriteLine(answer.Text);
        }

        if (answer.Mode == "extractive" && answer.Found)
        {
            AnsiConsole.MarkupLine("[grey](extractive answer: quoted from your documents, no model used / 摘录式回答：直接引自文档，未使用大模型)[/]");
        }

        if (answer.Mode == "llm" && answer.Found)
        {
            PrintCheck(answer);
        }

        if (answer.Citations.Count > 0)
        {
            Console.WriteLine();
            AnsiConsole.MarkupLine("[bold]Sources / 引用[/]");
            foreach (Citation c in answer.Citations)
            {
                string where = CitationLocation.Format(c.Title, c.Heading, c.Page);
                string source = c.Source is null ? "" : $" [grey]{Markup.Escape(Path.GetFileName(c.Source))}[/]";
                AnsiConsole.MarkupLine($"[[{c.N}]] [cyan]{Markup.Escape(c.Title)}[/]{Markup.Escape(where)}{source}");
                Console.WriteLine($"    “{SearchCommand.Snippet(c.Quote, 240)}”");
            }
        }

        if (answer.Closest.Count > 0)
        {
            Console.WriteLine();
            AnsiConsole.MarkupLine("[bold]Closest documents / 最相近的文档[/]");
            foreach (RelatedDocument d in answer.Closest)
            {
                AnsiConsole.MarkupLine($" - [cyan]{Markup.Escape(d.Title)}[/] [grey](doc {d.DocId})[/]");
            }
        }
    }

    private static void PrintCheck(Answer answer)
    {
        AnsiConsole.MarkupLine($"[grey](answer by {Markup.Escape(answer.Model ?? "model")}; grounded share {answer.GroundedShare:P0} / 有依据的比例)[/]");
        foreach (CheckedSentence sentence in answer.Sentences.Where(s => !s.Supported))
        {
            AnsiConsole.MarkupLine($"[yellow]⚠ 未在资料中找到依据 / not supported by the sources:[/] {Markup.Escape(sentence.Text)}");
        }

        foreach (FlaggedFact fact in answer.Flagged)
        {
            AnsiConsole.MarkupLine($"[yellow]⚠ {Markup.Escape(fact.KindName)} “{Markup.Escape(fact.Text)}” appears in no cited source / 引用资料中没有该内容[/]");
        }
    }
}
