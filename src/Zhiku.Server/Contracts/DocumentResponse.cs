namespace Zhiku.Server.Contracts;

/// <summary>A document as listed by the API.</summary>
public sealed record DocumentResponse(
    long Id,
    string Title,
    string Format,
    string? Source,
    string? ExternalId,
    long SizeBytes,
    int Chunks,
    IReadOnlyList<string> Groups,
    string? Policy,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
