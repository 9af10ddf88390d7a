namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/kbs/{kb}/access</c>.</summary>
public sealed record AccessListResponse(string? Owner, bool Personal, IReadOnlyList<AccessEntryResponse> Entries);
