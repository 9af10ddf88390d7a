namespace Zhiku.Core.Storage;

/// <summary>One committed change to the chunks of a document, as the change log records it.</summary>
/// <param name="Seq">The change's number in the log.</param>
/// <param name="KbId">The document's knowledge base.</param>
/// <param name="DocId">The document.</param>
/// <param name="Kind">Whether the document's chunks were added (read them with <see cref="IChunkStore.GetOfDocumentsAsync"/>;
/// none are left when a later change removed it) or removed.</param>
/// <param name="Chunks">How many chunks were added (0 for a removal).</param>
/// <param name="RecordedAt">When the change was written, by the database's clock (a replica's lag is measured from it).</param>
public sealed record ChunkChange(long Seq, long KbId, long DocId, ChunkChangeKind Kind, int Chunks, DateTimeOffset RecordedAt);
