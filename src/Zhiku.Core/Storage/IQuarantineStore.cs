namespace Zhiku.Core.Storage;

/// <summary>
/// Files whose parsing killed a parser worker, by knowledge base and content hash. A file that killed a worker
/// <see cref="KillsToQuarantine"/> times is quarantined: never parsed again automatically (a re-run, a re-upload, a job
/// resumed after a restart), only when asked to (force). Every method may throw <see cref="ZhikuException"/> with
/// <see cref="ErrorKind.Unavailable"/> when the store cannot be read or written now (locked past its timeout,
/// read-only, full, its file gone), and throws <see cref="OperationCanceledException"/> when <c>cancellationToken</c>
/// is cancelled before the change is committed. Unknown content is not an error: it reads as null or an empty list,
/// and clearing it changes nothing.
/// </summary>
public interface IQuarantineStore
{
    /// <summary>Worker deaths after which a file is quarantined.</summary>
    public const int KillsToQuarantine = 2;

    /// <summary>Counts one more worker death on this content, atomically, and returns the record after it.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the knowledge base does not exist.</exception>
    Task<QuarantinedFile> RecordKillAsync(long kbId, string contentHash, string name, string reason, CancellationToken cancellationToken = default);

    /// <summary>The record of this content, or null when it never killed a worker.</summary>
    Task<QuarantinedFile?> FindAsync(long kbId, string contentHash, CancellationToken cancellationToken = default);

    /// <summary>The quarantined files of a knowledge base (killed a worker at least <see cref="KillsToQuarantine"/>
    /// times), newest first.</summary>
    Task<IReadOnlyList<QuarantinedFile>> ListAsync(long kbId, CancellationToken cancellationToken = default);

    /// <summary>Forgets this content (it parsed after all, e.g. with higher limits).</summary>
    Task ClearAsync(long kbId, string contentHash, CancellationToken cancellationToken = default);
}
