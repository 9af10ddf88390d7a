namespace Zhiku.Core.Answering.Json;

/// <summary>A citation of an answer in the <c>ask --json</c> contract.</summary>
public sealed record CitationJson(
    int N,
    long DocId,
    string? ExternalId,
    long ChunkId,
    string Title,
    string? Source,
    string Heading,
    int? Page,
    string Quote,
    int Start,
    int End);
