namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/me</c>.</summary>
public sealed record MeResponse(string User, string Role, IReadOnlyList<string> Groups, bool HasPassword);
