namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/kbs/{kb}/documents</c>.</summary>
public sealed record DocumentListResponse(IReadOnlyList<DocumentResponse> Documents);
