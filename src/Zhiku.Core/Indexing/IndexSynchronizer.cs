using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing;

/// <summary>
/// Keeps the indexes of one knowledge base in step with the store, the system of record: the store keeps a
/// backlog (documents not yet indexed, deleted ones still indexed) that is cleared only after every index committed
/// them, so a run that died between the store and an index is repaired the next time the knowledge base opens.
/// </summary>
public sealed class IndexSynchronizer
{
    private const int DocumentsPerBatch = 500;

    private readonly MetadataStore _metadata;
    private readonly long _kbId;
    private readonly IReadOnlyList<IChunkIndex> _indexes;

    /// <param name="metadata">The store.</param>
    /// <param name="kbId">The knowledge base.</param>
    /// <param name="indexes">Every index derived from its chunks (not owned).</param>
    public IndexSynchronizer(MetadataStore metadata, long kbId, IReadOnlyList<IChunkIndex> indexes)
    {
        _metadata = metadata;
        _kbId = kbId;
        _indexes = indexes;
    }

    /// <summary>
    /// Brings every index in line with the store: rebuilds the ones that need it (missing or broken folder, changed
    /// analysis) from the store, and applies what the store holds but an index does not (after a crash).
    /// </summary>
    public void Repair()
    {
        IChunkIndex[] broken = [.. _indexes.Where(index => index.NeedsRebuild())];
        if (broken.Length > 0 && _metadata.GetCounts(_kbId).Documents > 0)
        {
            // Every document goes through the backlog again; indexes that were fine take them idempotently
            // (their old chunks are removed first).
            _metadata.MarkAllUnindexed(_kbId);
            foreach (IChunkIndex index in broken)
            {
                index.Clear();
            }
        }

        (IReadOnlyList<long> pending, IReadOnlyList<long> tombstones) = _metadata.GetIndexBacklog(_kbId);
        if (pending.Count > 0 || tombstones.Count > 0)
        {
            ApplyBacklog();
        }
    }

    /// <summary>Writes every pending change of the store into every index, commits them, then clears the backlog.</summary>
    public void ApplyBacklog()
    {
        (IReadOnlyList<long> pending, IReadOnlyList<long> tombstones) = _metadata.GetIndexBacklog(_kbId);
        foreach (IChunkIndex index in _indexes)
        {
            index.RemoveDocuments(tombstones);
            index.RemoveDocuments(pending);
        }

        foreach (long[] batch in pending.Chunk(DocumentsPerBatch))
        {
            IReadOnlyList<ChunkRecord> chunks = _metadata.GetChunksOfDocuments(batch);
            foreach (IChunkIndex index in _indexes)
            {
                index.AddChunks(chunks);
            }
        }

        foreach (IChunkIndex index in _indexes)
        {
            index.Commit();
        }

        _metadata.MarkIndexed(_kbId, pending, tombstones);
    }
}
