namespace Zhiku.Core.Storage;

/// <summary>
/// The chunks of a knowledge base's documents as the indexes and retrieval read them, and the index backlog that keeps
/// the derived indexes in step with the store (chunks are written with their documents, through
/// <see cref="IDocumentStore"/>). Chunk text, headings and titles are stored encrypted when the store has a key. Every
/// method may throw <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/> when the store cannot be read
/// or written now (locked past its timeout, read-only, full, its file gone), and <see cref="ErrorKind.Forbidden"/> when
/// stored text is encrypted and no key is configured; it throws <see cref="OperationCanceledException"/> when
/// <c>cancellationToken</c> is cancelled before the read ends or the change is committed. Unknown ids are not errors:
/// they are left out of what is read, and marking them changes nothing.
/// </summary>
public interface IChunkStore
{
    /// <summary>Chunks by id, in the order of <paramref name="chunkIds"/>; ids that do not exist are left out.</summary>
    Task<IReadOnlyList<ChunkRecord>> GetAsync(IReadOnlyList<long> chunkIds, CancellationToken cancellationToken = default);

    /// <summary>Every chunk of the given documents, by document id and then ordinal.</summary>
    Task<IReadOnlyList<ChunkRecord>> GetOfDocumentsAsync(IReadOnlyCollection<long> docIds, CancellationToken cancellationToken = default);

    /// <summary>Every chunk id of a knowledge base, ascending: what its vector index must cover.</summary>
    Task<IReadOnlyList<long>> ListIdsAsync(long kbId, CancellationToken cancellationToken = default);

    /// <summary>The documents of a knowledge base that its indexes do not have yet, and the removed ones they may still
    /// hold, read together.</summary>
    Task<IndexBacklog> GetBacklogAsync(long kbId, CancellationToken cancellationToken = default);

    /// <summary>Marks documents as present in every index and forgets the tombstones that were applied, atomically:
    /// call it only after every index committed them.</summary>
    Task MarkIndexedAsync(long kbId, IReadOnlyCollection<long> indexedDocIds, IReadOnlyCollection<long> appliedTombstones,
        CancellationToken cancellationToken = default);

    /// <summary>Puts every document of a knowledge base back into the backlog (before a full index rebuild); returns
    /// how many documents it has.</summary>
    Task<int> MarkAllUnindexedAsync(long kbId, CancellationToken cancellationToken = default);
}
