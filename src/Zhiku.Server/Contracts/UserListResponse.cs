namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>GET /api/users</c>.</summary>
public sealed record UserListResponse(IReadOnlyList<UserResponse> Users);
