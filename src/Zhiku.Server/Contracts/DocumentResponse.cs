namespace Zhiku.Server.Contracts;

/// <summary>A document as listed by the API; <c>pages</c> (PDF and images) says how many pages came from the text
/// layer, from OCR, or were empty or not read.</summary>
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
    DateTimeOffset UpdatedAt,
    Zhiku.Core.Storage.PageSummary? Pages = null);
