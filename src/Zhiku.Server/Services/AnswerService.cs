using System.Text.RegularExpressions;
using System.Threading.Channels;
using Zhiku.Core.Answering;
using Zhiku.Core.Privacy;
using Zhiku.Core.Security;

namespace Zhiku.Server.Services;

/// <summary>
/// Answers questions for every endpoint (REST ask, OpenAI chat completions, MCP) with the caller's read access
/// applied inside retrieval, through the same <see cref="QuestionAnswerer"/> as `zhiku ask`: the store's model
/// configuration, the privacy filter for cloud models, the audit log (with the caller's name), citation checks and
/// the extractive fallback. Model text streams through the text callback as it comes.
/// </summary>
public sealed partial class AnswerService(AnsweringPath answering)
{
    /// <summary>Answers <paramref name="question"/>; with <paramref name="previousQuestion"/> a follow-up is first
    /// rewritten into a standalone question. Pieces of the answer text are passed to <paramref name="onText"/> as
    /// they are ready.</summary>
    /// <param name="access">The caller and the knowledge base, with what the caller may read.</param>
    /// <param name="question">The question as typed.</param>
    /// <param name="previousQuestion">The previous question of the conversation, to rewrite a follow-up.</param>
    /// <param name="onText">Receives pieces of the answer text as they come.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <param name="conversationId">A stored chat session: its placeholder mapping (who is [姓名_1]) is kept across
    /// turns in the encrypted vault when the store has a key, so a cloud model sees the same placeholder for the same
    /// person; without a key the mapping lives only for the request and is never written.</param>
    public Task<Answer> AskAsync(KbAccess access, string question, string? previousQuestion = null, Func<string, Task>? onText = null,
        string? conversationId = null, CancellationToken cancellationToken = default) =>
        AskCoreAsync(access, question, previousQuestion, onText, conversationId, cancellationToken);

    private async Task<Answer> AskCoreAsync(KbAccess access, string question, string? previousQuestion, Func<string, Task>? onText,
        string? conversationId, CancellationToken cancellationToken)
    {
        PseudonymVault? vault = conversationId is null ? null : OpenVault(access);
        PseudonymSession? session = vault is null ? null : await vault.LoadAsync(conversationId!, cancellationToken).ConfigureAwait(false)
            ?? new PseudonymSession(conversationId!);
        using QuestionAnswerer answerer = await answering.OpenAsync(access.KnowledgeBase.AnswerSource, access.User.Name, session,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var conversation = new Conversation(answerer, previousQuestion is null ? null : [previousQuestion]);
        var pieces = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Task relay = onText is null ? Task.CompletedTask : RelayAsync(pieces.Reader, onText, cancellationToken);
        Answer answer;
        try
        {
            answer = (await conversation.AskAsync(question, access.Read, onText is null ? null : piece => pieces.Writer.TryWrite(piece),
                cancellationToken: cancellationToken).ConfigureAwait(false)).Answer;
        }
        finally
        {
            pieces.Writer.TryComplete();
            await relay.ConfigureAwait(false);
        }

        if (vault is not null && session is not null && session.Entries.Count > 0)
        {
            await vault.SaveAsync(session, cancellationToken).ConfigureAwait(false);
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

    private static PseudonymVault? OpenVault(KbAccess access)
    {
        EncryptionKey? key = EncryptionKey.FromEnvironment();
        return key is null ? null : new PseudonymVault(access.KnowledgeBase.Store.Vault, new TextCipher(key));
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
