namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>POST /api/kbs/{kb}/feedback</c>: a rating of one answer.</summary>
public sealed record FeedbackRequest
{
    /// <summary>"up" (helpful) or "down" (not helpful).</summary>
    public string? Rating { get; init; }

    /// <summary>Optional comment.</summary>
    public string? Comment { get; init; }

    /// <summary>The question that was answered (needed for a new rating).</summary>
    public string? Question { get; init; }

    /// <summary>The answer text as shown (needed for a new rating).</summary>
    public string? Answer { get; init; }

    /// <summary>The chat session of the answer, if it was saved.</summary>
    public long? SessionId { get; init; }

    /// <summary>Change an earlier rating of yours instead of adding one.</summary>
    public long? Id { get; init; }
}
