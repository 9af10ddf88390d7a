namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>POST /api/session</c>.</summary>
public sealed record SignInRequest
{
    public required string User { get; init; }

    /// <summary>The user's password, or one of their API keys.</summary>
    public required string Password { get; init; }
}
