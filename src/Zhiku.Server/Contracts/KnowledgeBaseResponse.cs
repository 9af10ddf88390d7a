namespace Zhiku.Server.Contracts;

/// <summary>A knowledge base as the caller sees it.</summary>
public sealed record KnowledgeBaseResponse(
    string Name,
    string Policy,
    bool Personal,
    string? Owner,
    string Role,
    long Documents,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> Settings);
