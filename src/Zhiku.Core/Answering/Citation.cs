namespace Zhiku.Core.Answering;

/// <summary>A numbered citation: where a quoted sentence of an answer comes from.</summary>
/// <param name="N">The marker number used in the answer text ([n]).</param>
/// <param name="DocId">Document row id.</param>
/// <param name="ExternalId">The document's own id, if any.</param>
/// <param name="ChunkId">The chunk the quote is from.</param>
/// <param name="Title">Document title.</param>
/// <param name="Source">Source file path, if any.</param>
/// <param name="Heading">Heading path of the chunk.</param>
/// <param name="Page">Page, for paged formats.</param>
/// <param name="Quote">The quoted sentence, verbatim from the document.</param>
/// <param name="Start">Offset of the quote in the document text.</param>
/// <param name="End">Offset just past the quote.</param>
public sealed record Citation(
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
