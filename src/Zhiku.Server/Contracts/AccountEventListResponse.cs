namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/me/events</c> and <c>GET /api/users/{name}/events</c>, newest first.</summary>
public sealed record AccountEventListResponse(string User, IReadOnlyList<AccountEventResponse> Events);
