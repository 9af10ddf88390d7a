using Zhiku.Core.Documents;

namespace Zhiku.Core.Storage;

/// <summary>
/// The documents of each knowledge base, written with their text, chunks and page provenance: the system of record
/// the indexes are derived from. Writing a source's documents records the backlog (<see cref="IChunkStore"/>) in the
/// same transaction, so the indexes can be repaired if the process dies before they are updated. Titles, texts,
/// headings and chunks are stored encrypted when the store has a key. Every method may throw
/// <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/> when the store cannot be read or written now
/// (locked past its timeout, read-only, full, its file gone), and <see cref="ErrorKind.Forbidden"/> when stored text
/// is encrypted and no key is configured; it throws <see cref="OperationCanceledException"/> when
/// <c>cancellationToken</c> is cancelled before the read ends or the change is committed (a cancelled write changes
/// nothing). A document or knowledge base that does not exist reads as null or empty, not as an error.
/// </summary>
public interface IDocumentStore
{
    /// <summary>Replaces, atomically, every document that came from <paramref name="sourceKey"/> (a file path, or a
    /// record key for documents without a file) with <paramref name="documents"/>; an empty list removes them. The
    /// replaced documents become index tombstones and the new ones are not yet indexed.</summary>
    /// <returns>The ids of the removed documents, and of the new ones in input order.</returns>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the knowledge base does not exist;
    /// <see cref="ErrorKind.Conflict"/>: two new documents, or a new one and a document of another source, share a record key.</exception>
    Task<(IReadOnlyList<long> Removed, IReadOnlyList<long> Added)> ReplaceAsync(long kbId, string sourceKey, IReadOnlyList<NewDocument> documents,
        CancellationToken cancellationToken = default);

    /// <summary>Replaces many sources as <see cref="ReplaceAsync"/> does, all in one transaction (bulk loads such as an
    /// eval corpus): all of them or none.</summary>
    /// <exception cref="ZhikuException">As <see cref="ReplaceAsync"/>.</exception>
    Task ReplaceBatchAsync(long kbId, IReadOnlyList<(string SourceKey, IReadOnlyList<NewDocument> Documents)> batch,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes one document (it becomes an index tombstone); false when it is not in this knowledge base.</summary>
    Task<bool> DeleteAsync(long kbId, long docId, CancellationToken cancellationToken = default);

    /// <summary>Documents of a knowledge base, newest first; <paramref name="limit"/> 0 means all.</summary>
    Task<IReadOnlyList<DocumentInfo>> ListAsync(long kbId, int limit = 0, CancellationToken cancellationToken = default);

    /// <summary>One document of a knowledge base, or null (also for a document of another knowledge base).</summary>
    Task<DocumentInfo?> GetAsync(long kbId, long docId, CancellationToken cancellationToken = default);

    /// <summary>The documents that came from one source file (or record key).</summary>
    Task<IReadOnlyList<DocumentInfo>> FindBySourceAsync(long kbId, string sourceKey, CancellationToken cancellationToken = default);

    /// <summary>The documents of a knowledge base whose file had this content hash (SHA-256, hex), oldest first.</summary>
    Task<IReadOnlyList<DocumentInfo>> FindByHashAsync(long kbId, string contentHash, CancellationToken cancellationToken = default);

    /// <summary>The extracted text of a document, or null.</summary>
    Task<string?> GetTextAsync(long docId, CancellationToken cancellationToken = default);

    /// <summary>How each page of a document got its text, in page order; empty for formats without pages.</summary>
    Task<IReadOnlyList<PageText>> GetPagesAsync(long docId, CancellationToken cancellationToken = default);

    /// <summary>Page provenance summaries of the given documents; documents without pages are left out.</summary>
    Task<IReadOnlyDictionary<long, PageSummary>> GetPageSummariesAsync(IReadOnlyCollection<long> docIds, CancellationToken cancellationToken = default);

    /// <summary>How many documents, chunks, text characters and source bytes a knowledge base holds (zeros when it does not exist).</summary>
    Task<DocumentCounts> CountAsync(long kbId, CancellationToken cancellationToken = default);
}
