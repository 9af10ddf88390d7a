namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>PUT /api/kbs/{kb}/access</c>.</summary>
public sealed record AccessRequest
{
    /// <summary>A user name, or "*" for every signed-in user.</summary>
    public required string User { get; init; }

    /// <summary>reader, editor, or none (removes the line).</summary>
    public required string Role { get; init; }
}
