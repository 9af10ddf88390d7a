using System.Text.RegularExpressions;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Rewriting;

namespace Zhiku.Server.Services;

/// <summary>
/// Answers questions for every endpoint (REST ask, OpenAI chat completions, MCP) with the caller's read access
/// applied inside retrieval. Today this is the extractive <see cref="Zhiku.Core.KnowledgeBase.Ask"/>; the LLM
/// answer (LlmAnswerer with the knowledge base's provider and prompt template, streaming through
/// the text callback) plugs in here, in <see cref="AskAsync"/>, and every endpoint gets it.
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
        string standalone = previousQuestion is null ? question : KeyTermCarrier.Rewrite(previousQuestion, question);
        Answer answer = access.KnowledgeBase.Ask(standalone, access.Read);
        if (onText is not null)
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

    /// <summary>The answer text cut after each citation marker.</summary>
    internal static IEnumerable<string> Pieces(string text) => AfterMarker().Split(text).Where(p => p.Length > 0);

    [GeneratedRegex(@"(?<=\[\d+\])")]
    private static partial Regex AfterMarker();
}
