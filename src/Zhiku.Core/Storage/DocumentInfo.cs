namespace Zhiku.Core.Storage;

/// <summary>A stored document (one file, or one record of a json/jsonl/eval corpus).</summary>
public sealed record DocumentInfo(
    long Id,
    long KbId,
    string? SourcePath,
    string? ExternalId,
    string RecordKey,
    string Title,
    string Format,
    string ContentHash,
    long SizeBytes,
    int TextChars,
    int ChunkCount,
    string? Policy,
    bool Indexed,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Groups allowed to read the document; empty means everyone who may read the knowledge base.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
}
