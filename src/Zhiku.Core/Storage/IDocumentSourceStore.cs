namespace Zhiku.Core.Storage;

/// <summary>
/// The files documents came from. More than one file with the same content is one document with several sources: the
/// first file is the document's own source, later ones are additional sources. When the first file goes, the next
/// source takes its place, so the document stays while any of its files remains. Every method may throw
/// <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/> when the store cannot be read or written now
/// (locked past its timeout, read-only, full, its file gone); it throws <see cref="OperationCanceledException"/> when
/// <c>cancellationToken</c> is cancelled before the read ends or the change is committed (a cancelled change changes
/// nothing). Unknown paths and knowledge bases read as empty and change nothing.
/// </summary>
public interface IDocumentSourceStore
{
    /// <summary>The distinct own source paths of a knowledge base's documents (documents without a file have none).</summary>
    Task<IReadOnlyList<string>> ListPathsAsync(long kbId, CancellationToken cancellationToken = default);

    /// <summary>Every source of a document: its own file first, then the files with the same content, oldest first.</summary>
    Task<IReadOnlyList<string>> ListAsync(long docId, CancellationToken cancellationToken = default);

    /// <summary>Records <paramref name="sourcePath"/> as another source of these documents, atomically; idempotent.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: one of the documents does not exist (nothing is recorded).</exception>
    Task AddAsync(long kbId, IReadOnlyCollection<long> docIds, string sourcePath, CancellationToken cancellationToken = default);

    /// <summary>The additional source paths of a knowledge base (files whose content another document already had), by path.</summary>
    Task<IReadOnlyList<string>> ListAdditionalPathsAsync(long kbId, CancellationToken cancellationToken = default);

    /// <summary>Forgets an additional source path; returns how many documents had it.</summary>
    Task<int> RemoveAdditionalAsync(long kbId, string sourcePath, CancellationToken cancellationToken = default);

    /// <summary>When the file <paramref name="sourcePath"/> is gone: each of its documents that has another source gets
    /// that source (the oldest) as its own, atomically; returns how many documents were kept this way. Documents
    /// without another source are left for the caller to remove.</summary>
    Task<int> PromoteNextAsync(long kbId, string sourcePath, CancellationToken cancellationToken = default);
}
