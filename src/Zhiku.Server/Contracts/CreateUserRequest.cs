namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>POST /api/users</c>.</summary>
public sealed record CreateUserRequest
{
    public required string Name { get; init; }

    /// <summary>admin, editor or reader.</summary>
    public required string Role { get; init; }

    /// <summary>Document groups the user belongs to.</summary>
    public IReadOnlyList<string>? Groups { get; init; }

    /// <summary>Optional password for the web UI (at least 8 characters).</summary>
    public string? Password { get; init; }
}
