namespace Zhiku.Core.Storage;

/// <summary>The size of a knowledge base's content, for <c>zhiku stats</c> and the knowledge base list.</summary>
/// <param name="Documents">Stored documents.</param>
/// <param name="Chunks">Their chunks.</param>
/// <param name="TextChars">Characters of extracted text.</param>
/// <param name="SourceBytes">Bytes of the files they came from.</param>
public sealed record DocumentCounts(long Documents, long Chunks, long TextChars, long SourceBytes);
