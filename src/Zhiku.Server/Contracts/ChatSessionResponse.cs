namespace Zhiku.Server.Contracts;

/// <summary>A stored chat session.</summary>
public sealed record ChatSessionResponse(long Id, string Kb, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
