using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing;

/// <summary>
/// A node's replica of one knowledge base's indexes, kept in step with PostgreSQL's change log (issue 15): changes are
/// applied in order from the number saved in <see cref="ReplicaPosition"/>, which is written after the indexes commit.
/// A replica that cannot be caught up change by change (no position or indexes, a position from another database, or
/// one below the log's horizon) is rebuilt from the store's chunks. Every change is applied from the store's current
/// chunks of its document, so applying one twice, or one the rebuild already saw, is harmless. Safe for concurrent
/// callers: one applies at a time (a node's writer and its background follower share the replica).
/// </summary>
public sealed class ChangeLogReplica : IIndexSynchronizer, IDisposable
{
    private const int ChangesPerRead = 500;
    private const int DocumentsPerRead = 200;
    private const int ChunksPerRead = 2000;

    private readonly IChangeLog _log;
    private readonly IChunkStore _chunks;
    private readonly long _kbId;
    private readonly string _positionPath;
    private readonly IReadOnlyList<IChunkIndex> _indexes;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ReplicaPosition? _position;

    /// <param name="log">The change log.</param>
    /// <param name="chunks">The store's chunks (what a change or a rebuild reads).</param>
    /// <param name="kbId">The knowledge base.</param>
    /// <param name="folder">The knowledge base's folder on this node (its position file goes there).</param>
    /// <param name="indexes">Every index derived from its chunks (not owned).</param>
    public ChangeLogReplica(IChangeLog log, IChunkStore chunks, long kbId, string folder, IReadOnlyList<IChunkIndex> indexes)
    {
        _log = log;
        _chunks = chunks;
        _kbId = kbId;
        _positionPath = Path.Combine(folder, ReplicaPosition.FileName);
        _indexes = indexes;
    }

    /// <summary>The number up to which every change of the knowledge base is in the indexes; -1 before the first repair.</summary>
    public long AppliedSeq => Volatile.Read(ref _position) is { } position ? position.Applied : -1;

    /// <summary>How many times this replica was rebuilt from the store's chunks since it was opened.</summary>
    public int Rebuilds { get; private set; }

    /// <summary>Why it was last rebuilt (for logs and tests), or null when it never was.</summary>
    public string? LastRebuildReason { get; private set; }

    /// <inheritdoc/>
    /// <remarks>Rebuilds when the position file is missing or unreadable, names another change log, is below its horizon
    /// or above its last number (a database restored from an older backup), or an index needs it.</remarks>
    public async Task RepairAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RepairCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task ApplyBacklogAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_position is null)
            {
                await RepairCoreAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task RepairCoreAsync(CancellationToken cancellationToken)
    {
        ChangeLogHead head = await _log.HeadAsync(cancellationToken).ConfigureAwait(false);
        ReplicaPosition? saved = ReplicaPosition.Read(_positionPath);
        string? reason = saved is null ? "no position saved"
            : saved.Origin != head.Origin ? "made from another database"
            : saved.Applied < head.Horizon ? "further behind than the change log keeps"
            : saved.Applied > head.LastSeq ? "ahead of the change log"
            : _indexes.Any(index => index.NeedsRebuild()) ? "an index needs a rebuild"
            : null;
        if (reason is null)
        {
            Volatile.Write(ref _position, saved);
        }
        else
        {
            await RebuildAsync(head, reason, cancellationToken).ConfigureAwait(false);
        }

        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // The head is read before the changes: every change of this knowledge base numbered up to head.LastSeq is
            // visible to the read that follows (numbers become visible in commit order), so a short read covers it all.
            ChangeLogHead head = await _log.HeadAsync(cancellationToken).ConfigureAwait(false);
            ReplicaPosition position = _position ?? throw new InvalidOperationException("the replica has no position; repair it first");
            if (position.Origin != head.Origin || position.Applied < head.Horizon)
            {
                await RebuildAsync(head, position.Origin != head.Origin ? "made from another database" : "further behind than the change log keeps",
                    cancellationToken).ConfigureAwait(false);
                continue;
            }

            IReadOnlyList<ChunkChange> changes = await _log.ReadAfterAsync(_kbId, position.Applied, ChangesPerRead, cancellationToken).ConfigureAwait(false);
            bool full = changes.Count == ChangesPerRead;
            if (changes.Count > 0)
            {
                await ApplyAsync(changes, cancellationToken).ConfigureAwait(false);
            }

            long applied = full ? changes[^1].Seq : Math.Max(head.LastSeq, changes.Count > 0 ? changes[^1].Seq : 0);
            if (applied > position.Applied)
            {
                Save(position with { Applied = applied });
            }

            if (!full)
            {
                return;
            }
        }
    }

    private async Task ApplyAsync(IReadOnlyList<ChunkChange> changes, CancellationToken cancellationToken)
    {
        long[] touched = [.. changes.Select(c => c.DocId).Distinct()];
        long[] added = [.. changes.Where(c => c.Kind == ChunkChangeKind.Added).Select(c => c.DocId).Distinct()];
        // Read before changing anything: a failed read leaves the indexes as they were. A document removed since its
        // addition has no chunks left, so it is only removed.
        var chunks = new List<ChunkRecord>();
        foreach (long[] batch in added.Chunk(DocumentsPerRead))
        {
            chunks.AddRange(await _chunks.GetOfDocumentsAsync(batch, cancellationToken).ConfigureAwait(false));
        }

        foreach (IChunkIndex index in _indexes)
        {
            index.RemoveDocuments(touched);
            index.AddChunks(chunks);
            index.Commit();
        }
    }

    private async Task RebuildAsync(ChangeLogHead head, string reason, CancellationToken cancellationToken)
    {
        // Changes after head.LastSeq are applied afterwards; the chunks read here may already include some of them,
        // which applying them again leaves as they are.
        IReadOnlyList<long> ids = await _chunks.ListIdsAsync(_kbId, cancellationToken).ConfigureAwait(false);
        // From here until the new position is saved the indexes hold part of the knowledge base: forget the old position
        // (in memory and on disk), so a rebuild that fails half-way is started again and never caught up from.
        Volatile.Write(ref _position, null);
        if (File.Exists(_positionPath))
        {
            File.Delete(_positionPath);
        }
        foreach (IChunkIndex index in _indexes)
        {
            index.Clear();
        }

        foreach (long[] batch in ids.Chunk(ChunksPerRead))
        {
            IReadOnlyList<ChunkRecord> chunks = await _chunks.GetAsync(batch, cancellationToken).ConfigureAwait(false);
            foreach (IChunkIndex index in _indexes)
            {
                index.AddChunks(chunks);
            }
        }

        foreach (IChunkIndex index in _indexes)
        {
            index.Commit();
        }

        Save(new ReplicaPosition(head.Origin, head.LastSeq));
        Rebuilds++;
        LastRebuildReason = reason;
    }

    private void Save(ReplicaPosition position)
    {
        position.Save(_positionPath);
        Volatile.Write(ref _position, position);
    }
}
