using Zhiku.Core.Access;
using Zhiku.Core.Answering.Rewriting;

namespace Zhiku.Core.Answering;

/// <summary>
/// A multi-turn conversation with a knowledge base: each question is first rewritten into a standalone one from the
/// previous questions ("那试用期呢？" → "试用期员工可以休年假吗？"; by the model when one is configured, else by carrying
/// the previous question's key terms), then answered by the <see cref="QuestionAnswerer"/>. The one composition of
/// follow-up answering for `zhiku chat`, the server's ask and /v1 chat endpoints, and the MCP tools.
/// Not thread-safe: one conversation per session or request.
/// </summary>
public sealed class Conversation
{
    private readonly QuestionAnswerer _answerer;
    private readonly QueryRewriter _rewriter;
    private readonly List<string> _questions;

    /// <param name="answerer">Answers the standalone questions; its model and privacy filter also rewrite follow-ups.
    /// Owned by the caller.</param>
    /// <param name="previousQuestions">Earlier questions of the conversation, oldest first (a stateless host passes
    /// what the client sent).</param>
    public Conversation(QuestionAnswerer answerer, IEnumerable<string>? previousQuestions = null)
    {
        this._answerer = answerer;
        _rewriter = new QueryRewriter(answerer.ChatClient, answerer.Filter);
        _questions = previousQuestions?.ToList() ?? [];
    }

    /// <summary>The questions asked so far, as typed, oldest first.</summary>
    public IReadOnlyList<string> Questions => _questions;

    /// <summary>Forgets the earlier questions: the next one is taken as it is.</summary>
    public void Reset() => _questions.Clear();

    /// <summary>Rewrites <paramref name="question"/> against the earlier questions, answers it and remembers it.</summary>
    /// <param name="question">The question as typed.</param>
    /// <param name="access">What the asker may read (null: everything).</param>
    /// <param name="onText">Receives the model's text as it streams.</param>
    /// <param name="onRewritten">Receives the standalone question when it differs from the typed one, before retrieval.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    public async Task<ConversationTurn> AskAsync(string question, ReadAccess? access = null, Action<string>? onText = null,
        Action<string>? onRewritten = null, CancellationToken cancellationToken = default)
    {
        // A first question is taken as typed (the rewriter would only trim it).
        string standalone = _questions.Count == 0
            ? question
            : await _rewriter.RewriteAsync(_questions, question, cancellationToken).ConfigureAwait(false);
        if (standalone != question)
        {
            onRewritten?.Invoke(standalone);
        }

        Answer answer = await _answerer.AskAsync(standalone, access, onText, cancellationToken).ConfigureAwait(false);
        _questions.Add(question);
        return new ConversationTurn(question, standalone, answer);
    }
}
