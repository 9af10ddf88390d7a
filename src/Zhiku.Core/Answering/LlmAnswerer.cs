using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zhiku.Core.Answering.Citations;
using Zhiku.Core.Answering.Prompting;
using Zhiku.Core.Privacy;

namespace Zhiku.Core.Answering;

/// <summary>
/// Answers a question from numbered sources with a language model: builds the prompt within the token budget,
/// sends it through the outbound filter, calls the model (streaming when a text callback is given), restores the
/// answer through the filter, and checks its citations. Never throws for a model failure and never waits past
/// <see cref="LlmAnswerOptions.TotalTimeout"/>: the result says what happened and the caller falls back.
/// </summary>
public sealed class LlmAnswerer
{
    private readonly IChatClient _chatClient;
    private readonly LlmAnswerOptions _options;
    private readonly IOutboundFilter _filter;
    private readonly CitationChecker _checker;
    private readonly PromptBuilder _promptBuilder;
    private readonly ILogger _logger;

    /// <param name="chatClient">The model (from <see cref="Clients.LlmClientFactory"/> or any IChatClient).</param>
    /// <param name="options">Budget, template, threshold, timeouts.</param>
    /// <param name="filter">Desensitizes what goes out and restores what comes back; null passes text unchanged.</param>
    /// <param name="embeddingGenerator">Optional; refines the citation support score.</param>
    /// <param name="logger">Logs failures with their exception type, never prompt or answer text.</param>
    public LlmAnswerer(
        IChatClient chatClient,
        LlmAnswerOptions options,
        IOutboundFilter? filter = null,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null,
        ILogger? logger = null)
    {
        _chatClient = chatClient;
        _options = options;
        _filter = filter ?? PassThroughFilter.Instance;
        _checker = new CitationChecker(options.SupportThreshold, embeddingGenerator);
        _promptBuilder = new PromptBuilder();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Answers <paramref name="question"/> from <paramref name="sources"/>.</summary>
    /// <param name="question">The standalone question (already rewritten in a chat).</param>
    /// <param name="sources">Retrieved chunks in rank order, numbered by the caller; empty gives NotFound without a model call.
    /// <see cref="SourcePassage.LocalOnly"/> ones are left out unless the model is local.</param>
    /// <param name="onText">When given, the answer is streamed and each piece of text (already restored by the filter) is passed here as it comes.</param>
    /// <param name="cancellationToken">The user's cancellation (Ctrl-C); only this makes the method throw.</param>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<LlmAnswer> AnswerAsync(
        string question, IReadOnlyList<SourcePassage> sources, Action<string>? onText = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SourcePassage> allowed = _options.ModelIsLocal ? sources : sources.Where(s => !s.LocalOnly).ToList();
        BuiltPrompt prompt = _promptBuilder.Build(question, allowed, _options.Template, _options.ContextTokens, _options.NotFoundText);
        if (prompt.Sources.Count == 0)
        {
            return NotFound(prompt, [], _options.Model);
        }

        var sent = new List<SentMessage>();
        var messages = new List<ChatMessage>();
        if (prompt.System is { } system)
        {
            sent.Add(new SentMessage("system", _filter.ToModel(system)));
            messages.Add(new ChatMessage(ChatRole.System, sent[^1].Text));
        }

        sent.Add(new SentMessage("user", _filter.ToModel(prompt.User)));
        messages.Add(new ChatMessage(ChatRole.User, sent[^1].Text));

        string raw;
        string? model = _options.Model;
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        total.CancelAfter(_options.TotalTimeout);
        try
        {
            (raw, string? reported) = onText is null
                ? await CompleteAsync(messages, total.Token).ConfigureAwait(false)
                : await StreamAsync(messages, onText, total.Token).ConfigureAwait(false);
            model = reported ?? model;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LlmFailureKind kind = LlmFailures.Classify(ex);
            _logger.LogWarning("LLM call failed: {FailureKind} ({ExceptionType})", kind, ex.GetType().Name);
            return Failed(kind, ex, prompt, sent, model);
        }

        string answer = _filter.FromModel(raw).Trim();
        if (answer.Length == 0)
        {
            return Failed(LlmFailureKind.EmptyResponse, null, prompt, sent, model);
        }

        if (SaysNotFound(answer, prompt.NotFoundText))
        {
            return NotFound(prompt, sent, model);
        }

        CitationCheckResult check = await _checker.CheckAsync(answer, prompt.Sources, cancellationToken).ConfigureAwait(false);
        return new LlmAnswer
        {
            Status = LlmAnswerStatus.Answered,
            Model = model,
            Text = check.Text,
            MarkedText = check.RenderMarked(),
            Sentences = check.Sentences,
            GroundedShare = check.GroundedShare,
            Flagged = check.Flagged,
            DroppedCitations = check.DroppedCitations,
            Sources = prompt.Sources,
            Sent = sent,
            PromptTokens = prompt.TokenCount,
            Notice = prompt.OmittedSources > 0
                ? $"{prompt.OmittedSources} source(s) did not fit the prompt budget (context_tokens). / {prompt.OmittedSources} 条资料超出提示词预算（context_tokens），未提供给模型。"
                : null,
        };
    }

    private async Task<(string Text, string? Model)> CompleteAsync(List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        ChatResponse response = await _chatClient.GetResponseAsync(messages, new ChatOptions(), cancellationToken).ConfigureAwait(false);
        return (response.Text ?? "", response.ModelId);
    }

    private async Task<(string Text, string? Model)> StreamAsync(List<ChatMessage> messages, Action<string> onText, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        string? model = null;
        var relay = new StreamingRelay(_filter, onText);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_options.IdleTimeout);
        await foreach (ChatResponseUpdate update in _chatClient.GetStreamingResponseAsync(messages, new ChatOptions(), idle.Token)
            .WithCancellation(idle.Token).ConfigureAwait(false))
        {
            idle.CancelAfter(_options.IdleTimeout);
            model ??= update.ModelId;
            string delta = update.Text;
            if (delta.Length > 0)
            {
                text.Append(delta);
                relay.Push(delta);
            }
        }

        relay.Flush();
        return (text.ToString(), model);
    }

    /// <summary>The model answered (almost) only the not-found sentence it was told to use.</summary>
    internal static bool SaysNotFound(string answer, string notFoundText)
    {
        static string Core(string s) => new(CitationMarkers.Strip(s).Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        string answerCore = Core(answer);
        string notFoundCore = Core(notFoundText);
        return notFoundCore.Length > 0 && answerCore.Contains(notFoundCore, StringComparison.Ordinal) && answerCore.Length <= notFoundCore.Length * 2;
    }

    private static LlmAnswer NotFound(BuiltPrompt prompt, IReadOnlyList<SentMessage> sent, string? model) => new()
    {
        Status = LlmAnswerStatus.NotFound,
        Model = model,
        Text = prompt.NotFoundText,
        MarkedText = prompt.NotFoundText,
        Sources = prompt.Sources,
        Sent = sent,
        PromptTokens = sent.Count == 0 ? 0 : prompt.TokenCount,
    };

    private static LlmAnswer Failed(LlmFailureKind kind, Exception? ex, BuiltPrompt prompt, IReadOnlyList<SentMessage> sent, string? model) => new()
    {
        Status = LlmAnswerStatus.Failed,
        Failure = kind,
        Model = model,
        Notice = LlmFailures.Notice(kind, ex),
        Detail = ex?.ToString(),
        Sources = prompt.Sources,
        Sent = sent,
        PromptTokens = prompt.TokenCount,
    };
}
