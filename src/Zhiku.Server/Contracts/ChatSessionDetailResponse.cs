namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/chats/{id}</c>.</summary>
public sealed record ChatSessionDetailResponse(ChatSessionResponse Session, IReadOnlyList<ChatMessageResponse> Messages);
