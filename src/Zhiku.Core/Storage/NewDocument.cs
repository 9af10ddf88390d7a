using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Storage;

/// <summary>A parsed and chunked document ready to be written to the store.</summary>
/// <param name="SourcePath">Full path of the file it came from; null for documents given directly (eval).</param>
/// <param name="RecordKey">Unique key within the knowledge base: the path, or path#id for records.</param>
/// <param name="ExternalId">The record's own id, if any.</param>
/// <param name="Title">Title shown in results.</param>
/// <param name="Format">Format name (md, pdf, …).</param>
/// <param name="ContentHash">SHA-256 of the source file (hex); unchanged files are skipped on re-ingest.</param>
/// <param name="SizeBytes">Size of the source file.</param>
/// <param name="Text">The extracted text.</param>
/// <param name="Chunks">The chunks of <paramref name="Text"/>.</param>
/// <param name="Policy">Per-document data policy, or null to inherit the knowledge base's.</param>
public sealed record NewDocument(
    string? SourcePath,
    string RecordKey,
    string? ExternalId,
    string Title,
    string Format,
    string ContentHash,
    long SizeBytes,
    string Text,
    IReadOnlyList<TextChunk> Chunks,
    string? Policy)
{
    /// <summary>Groups allowed to read the document; empty means everyone who may read the knowledge base.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>How each page's text was obtained (PDF and image files); empty for other formats.</summary>
    public IReadOnlyList<PageText> Pages { get; init; } = [];
}
