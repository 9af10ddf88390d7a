namespace Zhiku.Core.Storage;

/// <summary>
/// The append-only record of every request sent to a language model. It holds what was sent after desensitization
/// (an implementation stores it encrypted when the store has a key) and placeholder counts, never the original
/// personal data. Every method may throw <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/> when the
/// store cannot be read or written now (locked past its timeout, read-only, full, its file gone), and
/// <see cref="ErrorKind.Forbidden"/> when stored text is encrypted and no key is configured; it throws
/// <see cref="OperationCanceledException"/> when <c>cancellationToken</c> is cancelled before the record is committed.
/// </summary>
public interface IAuditStore
{
    /// <summary>Appends a record (its <see cref="AuditRecord.Id"/> is ignored) and returns the id it was given.</summary>
    Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>The newest records first (by id), at most <paramref name="limit"/> (at least one), only those of
    /// <paramref name="knowledgeBase"/> when it is given; an unknown knowledge base has none.</summary>
    Task<IReadOnlyList<AuditRecord>> ListAsync(int limit = 50, string? knowledgeBase = null, CancellationToken cancellationToken = default);

    /// <summary>One record, or null when there is no record with this id.</summary>
    Task<AuditRecord?> GetAsync(long id, CancellationToken cancellationToken = default);
}
