using Microsoft.Extensions.AI;
using Zhiku.Core.Answering.Prompting;
using Zhiku.Core.Configuration;
using Zhiku.Core.Privacy;

namespace Zhiku.Core.Answering.Rewriting;

/// <summary>
/// Turns a chat follow-up into a standalone question before retrieval: by the model when one is given (through
/// the outbound filter), else — and whenever the model fails or answers nonsense — by <see cref="KeyTermCarrier"/>.
/// </summary>
public sealed class QueryRewriter
{
    private const int MaxHistory = 4;

    private readonly IChatClient? _chatClient;
    private readonly IOutboundFilter _filter;
    private readonly TimeSpan _timeout;

    /// <param name="chatClient">The model, or null for deterministic rewriting only.</param>
    /// <param name="filter">Applied to the history and question sent, and to the rewrite received.</param>
    /// <param name="timeout">Upper bound for the model call; defaults to the attempt timeout.</param>
    public QueryRewriter(IChatClient? chatClient = null, IOutboundFilter? filter = null, TimeSpan? timeout = null)
    {
        _chatClient = chatClient;
        _filter = filter ?? PassThroughFilter.Instance;
        _timeout = timeout ?? LlmDefaults.AttemptTimeout;
    }

    /// <summary>Rewrites <paramref name="followUp"/> given the user's earlier questions (oldest first).</summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<string> RewriteAsync(IReadOnlyList<string> previousQuestions, string followUp, CancellationToken cancellationToken = default)
    {
        if (previousQuestions.Count == 0)
        {
            return followUp.Trim();
        }

        string fallback = KeyTermCarrier.Rewrite(previousQuestions[^1], followUp);
        if (_chatClient is null)
        {
            return fallback;
        }

        bool chinese = AnswerLanguages.Detect(followUp) == AnswerLanguage.Chinese;
        string history = string.Join('\n', previousQuestions.TakeLast(MaxHistory).Select((q, i) => $"{i + 1}. {q.Trim()}"));
        string instruction = chinese
            ? "把用户的最新问题改写成一个不依赖上下文、可以单独检索的完整问题。只输出改写后的问题本身，不要回答，不要解释。如果它本来就完整，原样输出。"
            : "Rewrite the user's latest question as a complete question that can be searched on its own, without the conversation. Output only the rewritten question; do not answer or explain. If it is already complete, output it unchanged.";
        string user = chinese
            ? $"之前的问题：\n{history}\n\n最新问题：{followUp.Trim()}"
            : $"Earlier questions:\n{history}\n\nLatest question: {followUp.Trim()}";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            ChatResponse response = await _chatClient.GetResponseAsync(
                [new ChatMessage(ChatRole.System, _filter.ToModel(instruction)), new ChatMessage(ChatRole.User, _filter.ToModel(user))],
                new ChatOptions { Temperature = 0, MaxOutputTokens = 200 },
                timeout.Token).ConfigureAwait(false);
            string rewritten = Clean(_filter.FromModel(response.Text ?? ""));
            return Acceptable(rewritten, followUp) ? rewritten : fallback;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Rewriting improves retrieval; failing it must not fail the chat.
            return fallback;
        }
    }

    private static string Clean(string text)
    {
        string line = text.Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        foreach (string prefix in new[] { "改写后的问题：", "改写：", "问题：", "Rewritten question:", "Question:" })
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                line = line[prefix.Length..].Trim();
            }
        }

        return line.Trim('"', '“', '”', '「', '」', '\'', ' ');
    }

    private static bool Acceptable(string rewritten, string followUp) =>
        rewritten.Length > 0 && rewritten.Length <= (followUp.Length * 4) + 200;
}
