using Zhiku.Core.Access;

namespace Zhiku.Core.Storage;

/// <summary>
/// Document groups: which groups may read each document (per-document read permissions). Retrieval reads them from
/// here on every query, not from the index, so a change takes effect on the next query. Every method may throw
/// <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/> when the store cannot be read or written now
/// (locked past its timeout, read-only, full, its file gone), and throws <see cref="OperationCanceledException"/> when
/// <c>cancellationToken</c> is cancelled before the change is committed. Unknown knowledge bases and documents are not
/// errors: they have no documents and no groups.
/// </summary>
public interface IGroupStore
{
    /// <summary>Documents of a knowledge base the caller may not read (empty for <see cref="ReadAccess.All"/>).</summary>
    Task<IReadOnlySet<long>> GetUnreadableDocumentsAsync(long kbId, ReadAccess access, CancellationToken cancellationToken = default);

    /// <summary>The groups of the given documents (an empty list: readable by everyone); ids that do not exist are left out.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> GetDocumentGroupsAsync(IReadOnlyCollection<long> docIds, CancellationToken cancellationToken = default);

    /// <summary>Replaces a document's groups; false when it is not in this knowledge base (nothing changes then).</summary>
    Task<bool> SetDocumentGroupsAsync(long kbId, long docId, IReadOnlyList<string> groups, CancellationToken cancellationToken = default);
}
