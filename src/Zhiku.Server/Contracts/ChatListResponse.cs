namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/chats</c>.</summary>
public sealed record ChatListResponse(IReadOnlyList<ChatSessionResponse> Sessions);
