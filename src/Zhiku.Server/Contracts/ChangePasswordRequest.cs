namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>PUT /api/me/password</c>.</summary>
public sealed record ChangePasswordRequest
{
    /// <summary>The current password (or an API key of the user, when no password is set yet).</summary>
    public required string Current { get; init; }

    public required string Password { get; init; }
}
