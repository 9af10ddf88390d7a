namespace Zhiku.Server.Contracts;

/// <summary>A user as admins see it.</summary>
public sealed record UserResponse(string Name, string Role, IReadOnlyList<string> Groups, bool Disabled, bool HasPassword, DateTimeOffset CreatedAt);
