namespace Zhiku.Core.Chat;

/// <summary>A stored conversation of one user with one knowledge base.</summary>
public sealed record ChatSession(long Id, long UserId, long KbId, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
