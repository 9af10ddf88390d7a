using System.Text.RegularExpressions;
using System.Threading.Channels;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Rewriting;

namespace Zhiku.Server.Services;

/// <summary>
/// Answers questions for every endpoint (REST ask, OpenAI chat completions, MCP) with the caller's read access
/// applied inside retrieval, through the same <see cref="QuestionAnswerer"/> as `zhiku ask`: the store's model
/// configuration, the privacy filter for cloud models, the audit log (with the caller's name), citation checks and
/// the extractive fallback. Model text streams through the text callback as it comes.
/// </summary>
public sealed partial class AnswerService
{
    /// <summary>Answers <paramref name="question"/>; with <paramref name="previousQuestion"/> a follow-up is first
    /// rewritten into a standalone question. Pieces of the answer text are passed to <paramref name="onText"/> as
    /// they are ready.</summary>
    public Task<Answer> AskAsync(KbAccess access, string question, string? previousQuestion = null, Func<string, Task>? onText = null,
        CancellationToken cancellationToken = default) =>
        AskCoreAsync(access, question, previousQuestion, onText, cancellationToken);

    private static async Task<Answer> AskCoreAsync(KbAccess access, string question, string? previousQuestion, Func<string, Task>? onText,
        CancellationToken cancellationToken)
    {
        using QuestionAnswerer answerer = QuestionAnswerer.Create(access.KnowledgeBase, access.User.Name);
        string standalone = previousQuestion is null
            ? question
            : await new QueryRewriter(answerer.ChatClient, answerer.Filter).RewriteAsync([previousQuestion], question, cancellationToken).ConfigureAwait(false);
        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Task relay = onText is null ? Task.CompletedTask : RelayAsync(pieces.Reader, onText, cancellationToken);
        Answer answer;
        try
        {
            answer = await answerer.AskAsync(standalone, access.Read, onText is null ? null : piece => pieces.Writer.TryWrite(piece), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            pieces.Writer.TryComplete();
            await relay.ConfigureAwait(false);
        }

        if (onText is not null && answer.Mode != "llm")
        {
            // An extractive answer is complete at once; send it sentence by sentence (each with its marker) so clients
            // render it the same way they render a streamed model answer.
            foreach (string piece in Pieces(answer.Text))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await onText(piece).ConfigureAwait(false);
            }
        }

        return answer;
    }

    private static async Task RelayAsync(ChannelReader<string> reader, Func<string, Task> onText, CancellationToken cancellationToken)
    {
        await foreach (string piece in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await onText(piece).ConfigureAwait(false);
        }
    }

    /// <summary>The answer text cut after each citation marker.</summary>
    internal static IEnumerable<string> Pieces(string text) => AfterMarker().Split(text).Where(p => p.Length > 0);

    [GeneratedRegex(@"(?<=\[\d+\])")]
    private static partial Regex AfterMarker();
}
