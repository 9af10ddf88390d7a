namespace Zhiku.Server.Contracts;

/// <summary>A rating of an answer, as listed for a knowledge base's owner.</summary>
public sealed record FeedbackResponse(
    long Id,
    string User,
    long? SessionId,
    string Question,
    string Answer,
    string Rating,
    string? Comment,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
