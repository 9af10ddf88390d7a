namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/kbs/{kb}/feedback</c>.</summary>
public sealed record FeedbackListResponse(IReadOnlyList<FeedbackResponse> Feedback);
