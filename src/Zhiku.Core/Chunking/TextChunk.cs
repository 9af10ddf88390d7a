namespace Zhiku.Core.Chunking;

/// <summary>A chunk of a document: an exact span of its extracted text, with its place in the structure.</summary>
/// <param name="Ordinal">0-based position of the chunk in the document.</param>
/// <param name="Start">Offset of the chunk in the document text (UTF-16 code units).</param>
/// <param name="End">Offset just past the chunk.</param>
/// <param name="Text">The chunk text, equal to the document text between Start and End.</param>
/// <param name="HeadingPath">Headings above the chunk joined with " > ".</param>
/// <param name="Page">1-based page where the chunk starts, for paged formats.</param>
public sealed record TextChunk(int Ordinal, int Start, int End, string Text, string HeadingPath, int? Page);
