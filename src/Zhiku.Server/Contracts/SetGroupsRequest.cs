namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>PUT /api/kbs/{kb}/documents/{id}/groups</c>.</summary>
public sealed record SetGroupsRequest
{
    /// <summary>Groups allowed to read the document; empty: everyone who may read the knowledge base.</summary>
    public required IReadOnlyList<string> Groups { get; init; }
}
