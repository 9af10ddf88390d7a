namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>PATCH /api/users/{name}</c>: only the fields given change.</summary>
public sealed record UpdateUserRequest
{
    public string? Role { get; init; }

    public IReadOnlyList<string>? Groups { get; init; }

    public bool? Disabled { get; init; }

    public string? Password { get; init; }
}
