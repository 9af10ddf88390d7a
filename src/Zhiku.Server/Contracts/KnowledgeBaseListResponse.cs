namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/kbs</c>.</summary>
public sealed record KnowledgeBaseListResponse(IReadOnlyList<KnowledgeBaseResponse> Kbs);
