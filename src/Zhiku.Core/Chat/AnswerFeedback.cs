namespace Zhiku.Core.Chat;

/// <summary>A user's rating of one answer, with an optional comment.</summary>
/// <param name="Id">Row id.</param>
/// <param name="KbId">The knowledge base that answered.</param>
/// <param name="UserId">Who rated.</param>
/// <param name="UserName">Their name, for the owner's list.</param>
/// <param name="SessionId">The chat session of the answer, when it was saved.</param>
/// <param name="Question">The question as asked.</param>
/// <param name="Answer">The answer text as shown.</param>
/// <param name="Rating">+1 (helpful) or -1 (not helpful).</param>
/// <param name="Comment">What the user wrote, if anything.</param>
/// <param name="CreatedAt">When first rated.</param>
/// <param name="UpdatedAt">When last changed.</param>
public sealed record AnswerFeedback(
    long Id,
    long KbId,
    long UserId,
    string UserName,
    long? SessionId,
    string Question,
    string Answer,
    int Rating,
    string? Comment,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
