using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing;

/// <summary>
/// Keeps the indexes of one knowledge base in step with the store, the system of record: the store keeps a
/// backlog (documents not yet indexed, deleted ones still indexed) that is cleared only after every index committed
/// them, so a run that died between the store and an index is repaired the next time the knowledge base opens.
/// </summary>
public sealed class IndexSynchronizer : IIndexSynchronizer
{
    private const int DocumentsPerBatch = 500;

    private readonly IChunkStore _chunks;
    private readonly long _kbId;
    private readonly IReadOnlyList<IChunkIndex> _indexes;

    /// <param name="chunks">The store's chunks and index backlog.</param>
    /// <param name="kbId">The knowledge base.</param>
    /// <param name="indexes">Every index derived from its chunks (not owned).</param>
    public IndexSynchronizer(IChunkStore chunks, long kbId, IReadOnlyList<IChunkIndex> indexes)
    {
        _chunks = chunks;
        _kbId = kbId;
        _indexes = indexes;
    }

    /// <summary>
    /// Brings every index in line with the store: rebuilds the ones that need it (missing or broken folder, changed
    /// analysis) from the store, and applies what the store holds but an index does not (after a crash).
    /// </summary>
    /// <exception cref="ZhikuException">The store cannot be read (<see cref="IChunkStore"/>'s contract).</exception>
    public async Task RepairAsync(CancellationToken cancellationToken = default)
    {
        IChunkIndex[] broken = [.. _indexes.Where(index => index.NeedsRebuild())];
        // Every document goes through the backlog again; indexes that were fine take them idempotently (their old
        // chunks are removed first). Without documents there is nothing to rebuild from.
        if (broken.Length > 0 && await _chunks.MarkAllUnindexedAsync(_kbId, cancellationToken).ConfigureAwait(false) > 0)
        {
            foreach (IChunkIndex index in broken)
            {
                index.Clear();
            }
        }

        IndexBacklog backlog = await _chunks.GetBacklogAsync(_kbId, cancellationToken).ConfigureAwait(false);
        if (!backlog.IsEmpty)
        {
            await ApplyAsync(backlog, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes every pending change of the store into every index, commits them, then clears the backlog.</summary>
    /// <param name="cancellationToken">Stops before the indexes are changed or between batches; what was committed
    /// stays in the backlog and is applied again next time (indexes take it idempotently).</param>
    /// <exception cref="ZhikuException">The store cannot be read or written (<see cref="IChunkStore"/>'s contract).</exception>
    public async Task ApplyBacklogAsync(CancellationToken cancellationToken = default) =>
        await ApplyAsync(await _chunks.GetBacklogAsync(_kbId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private async Task ApplyAsync(IndexBacklog backlog, CancellationToken cancellationToken)
    {
        foreach (IChunkIndex index in _indexes)
        {
            index.RemoveDocuments(backlog.Tombstones);
            index.RemoveDocuments(backlog.Pending);
        }

        foreach (long[] batch in backlog.Pending.Chunk(DocumentsPerBatch))
        {
            IReadOnlyList<ChunkRecord> chunks = await _chunks.GetOfDocumentsAsync(batch, cancellationToken).ConfigureAwait(false);
            foreach (IChunkIndex index in _indexes)
            {
                index.AddChunks(chunks);
            }
        }

        foreach (IChunkIndex index in _indexes)
        {
            index.Commit();
        }

        await _chunks.MarkIndexedAsync(_kbId, backlog.Pending, backlog.Tombstones, cancellationToken).ConfigureAwait(false);
    }
}
