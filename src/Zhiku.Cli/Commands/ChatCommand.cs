using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Answering;

namespace Zhiku.Cli.Commands;

/// <summary>
/// `zhiku chat [--kb NAME]`: a REPL with history; at a terminal lines are edited with cursor keys and ↑/↓ recall this
/// session's questions (<see cref="LineInput"/>). Follow-up questions ("那试用期呢？") are rewritten into standalone
/// questions before retrieval (by the model when one is configured, by carrying the previous question's key terms
/// when not). Commands: /sources, /reset, /kb NAME, /exit (also /quit, 退出, any case, a full-width ／). While the
/// answer is being prepared a "thinking" line shows on stderr (erased at a terminal when the answer starts).
/// </summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        Option<string> kb = CliOptions.Kb();
        var command = new Command("chat", "Chat with a knowledge base (multi-turn) / 多轮对话") { kb };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            ZhikuStore store = await StoreSession.OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false);
            KnowledgeBase knowledgeBase = await StoreSession.OpenKnowledgeBaseAsync(store, parseResult.GetValue(kb) ?? ZhikuStore.DefaultKnowledgeBase, cancellationToken).ConfigureAwait(false);
            QuestionAnswerer session = await AnswerSession.OpenAsync(knowledgeBase, cancellationToken).ConfigureAwait(false);
            var conversation = new Conversation(session);
            Answer? last = null;
            using LineInput input = LineInput.Open();
            PrintBanner(knowledgeBase, session);
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    string? line = input.ReadLine("\n> ");
                    if (line is null)
                    {
                        break;
                    }

                    line = line.Trim();
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    input.Remember(line);

                    if (IsExit(line))
                    {
                        break;
                    }

                    if (line == "/reset")
                    {
                        conversation.Reset();
                        last = null;
                        Console.WriteLine("history cleared / 已清空对话历史");
                        continue;
                    }

                    if (line == "/sources")
                    {
                        PrintSources(last);
                        continue;
                    }

                    if (line.StartsWith("/kb", StringComparison.Ordinal))
                    {
                        string name = line[3..].Trim();
                        try
                        {
                            KnowledgeBase next = await store.OpenKnowledgeBaseAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                            QuestionAnswerer nextSession;
                            try
                            {
                                nextSession = await AnswerSession.OpenAsync(next, cancellationToken).ConfigureAwait(false);
                            }
                            catch
                            {
                                next.Dispose();
                                throw;
                            }

                            session.Dispose();
                            knowledgeBase.Dispose();
                            (knowledgeBase, session) = (next, nextSession);
                            conversation = new Conversation(session);
                            last = null;
                            PrintBanner(knowledgeBase, session);
                        }
                        catch (ZhikuException ex) when (ex.IsUserError)
                        {
                            Console.Error.WriteLine(ex.Message);
                        }

                        continue;
                    }

                    if (line.StartsWith('/'))
                    {
                        Console.Error.WriteLine("commands: /sources /reset /kb NAME /exit / 可用命令");
                        continue;
                    }

                    var thinking = new ThinkingLine();
                    bool streamed = false;
                    try
                    {
                        ConversationTurn turn = await conversation.AskAsync(line, null, piece =>
                        {
                            thinking.Done();
                            streamed = true;
                            Console.Write(piece);
                        }, standalone =>
                        {
                            thinking.Done();
                            AnsiConsole.MarkupLine($"[grey](searching for / 检索: {Markup.Escape(standalone)})[/]");
                            thinking = new ThinkingLine();
                        }, cancellationToken).ConfigureAwait(false);
                        last = turn.Answer;
                    }
                    finally
                    {
                        thinking.Done();
                    }

                    AskCommand.Print(last with { Citations = [] }, streamed);
                    if (last.Citations.Count > 0)
                    {
                        AnsiConsole.MarkupLine($"[grey]{last.Citations.Count} sources: /sources / 输入 /sources 查看引用[/]");
                    }
                }
            }
            finally
            {
                session.Dispose();
                knowledgeBase.Dispose();
            }

            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>`/exit` in any spelling a person types: /exit, /quit, /q, 退出, any case, full-width slash, spaces.</summary>
    internal static bool IsExit(string line)
    {
        string command = line.Trim().Replace('／', '/').ToLowerInvariant();
        return command is "/exit" or "/quit" or "/q" or "exit" or "quit" or "/退出" or "退出";
    }

    private static void PrintBanner(KnowledgeBase kb, QuestionAnswerer session) =>
        AnsiConsole.MarkupLine($"[bold]Zhiku chat[/] — kb [cyan]{Markup.Escape(kb.Info.Name)}[/], " +
            (session.ChatClient is not null ? $"model {Markup.Escape(session.Configuration.Provider!.Model)}" : "extractive answers / 摘录式回答") +
            ". /sources /reset /kb NAME /exit");

    private static void PrintSources(Answer? last)
    {
        if (last is null || last.Citations.Count == 0)
        {
            Console.WriteLine("no sources yet / 暂无引用");
            return;
        }

        AskCommand.Print(last with { Text = "", Sentences = [], Flagged = [], Notice = null, Found = false, Closest = [] }, alreadyStreamed: false);
    }
}
