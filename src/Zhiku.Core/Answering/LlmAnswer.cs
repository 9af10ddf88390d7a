using Zhiku.Core.Answering.Citations;

namespace Zhiku.Core.Answering;

/// <summary>
/// The result of <see cref="LlmAnswerer.AnswerAsync"/>. Failures are values, not exceptions: on
/// <see cref="LlmAnswerStatus.Failed"/> the caller shows its extractive answer and the one-line <see cref="Notice"/>.
/// </summary>
public sealed record LlmAnswer
{
    /// <summary>How the attempt ended.</summary>
    public required LlmAnswerStatus Status { get; init; }

    /// <summary>Always "llm" (the JSON <c>mode</c> of an answer that came from here; a failed one is shown as extractive).</summary>
    public string Mode => "llm";

    /// <summary>The model id the endpoint reported, else the configured one.</summary>
    public string? Model { get; init; }

    /// <summary>The answer with invalid citation markers removed; the not-found text for <see cref="LlmAnswerStatus.NotFound"/>; empty on failure.</summary>
    public string Text { get; init; } = "";

    /// <summary>Checked sentences (JSON <c>sentences</c>).</summary>
    public IReadOnlyList<CheckedSentence> Sentences { get; init; } = [];

    /// <summary>Share of answer characters in supported sentences (JSON <c>grounded_share</c>).</summary>
    public double GroundedShare { get; init; }

    /// <summary>Facts found in no cited source (JSON <c>flagged</c>).</summary>
    public IReadOnlyList<FlaggedFact> Flagged { get; init; } = [];

    /// <summary>Source numbers the model cited that it was not given.</summary>
    public IReadOnlyList<int> DroppedCitations { get; init; } = [];

    /// <summary>The sources that were in the prompt (a prefix of those given; the last may be cut).</summary>
    public IReadOnlyList<SourcePassage> Sources { get; init; } = [];

    /// <summary>Messages as sent to the model after the outbound filter; empty when the model was not called.</summary>
    public IReadOnlyList<SentMessage> Sent { get; init; } = [];

    /// <summary>Prompt size in tokens (o200k count).</summary>
    public int PromptTokens { get; init; }

    /// <summary>One line for the user, English and Chinese; set on failure (and when sources were cut).</summary>
    public string? Notice { get; init; }

    /// <summary>Why it failed, when <see cref="Status"/> is Failed.</summary>
    public LlmFailureKind? Failure { get; init; }

    /// <summary>The full error for <c>--verbose</c> and logs; never shown by default.</summary>
    public string? Detail { get; init; }

    /// <summary>The answer for display with unsupported sentences marked (未在资料中找到依据 / not supported by the sources).</summary>
    public string MarkedText { get; init; } = "";
}
