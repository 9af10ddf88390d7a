namespace Zhiku.Core.Storage;

/// <summary>A stored chunk with the document facts a search result or citation needs.</summary>
public sealed record ChunkRecord(
    long Id,
    long DocId,
    int Ordinal,
    string HeadingPath,
    int? Page,
    int Start,
    int End,
    string Text,
    string Title,
    string? SourcePath,
    string? ExternalId)
{
    /// <summary>The document's own data policy, or null when it inherits the knowledge base's.</summary>
    public string? Policy { get; init; }
}
