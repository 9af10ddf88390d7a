using Zhiku.Core.Jobs;

namespace Zhiku.Core.Storage;

/// <summary>
/// Background ingestion jobs and their files. A job is written before it is queued, so a restart finds every
/// unfinished one and runs it again; files already done keep their outcome. File names, target paths, reasons and
/// errors (which may quote a file) are stored encrypted when the store has a key. Every method may throw
/// <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/> when the store cannot be read or written now
/// (locked past its timeout, read-only, full), and <see cref="ErrorKind.Forbidden"/> when stored text is encrypted and
/// no key is configured; it throws <see cref="OperationCanceledException"/> when <c>cancellationToken</c> is cancelled
/// before the change is committed. Changes to a job or file that does not exist change nothing and do not throw.
/// <para>Several nodes may share one store: a node runs a job only while it holds the job's lease
/// (<see cref="ClaimAsync"/>), renews it while it works (<see cref="RenewAsync"/>) and releases it when it stops
/// (<see cref="ReleaseAsync"/>). A lease that is not renewed in time (the node was killed) lets another node claim
/// the job; the files it had finished keep their outcome, and each file's outcome is recorded once.</para>
/// </summary>
public interface IJobStore
{
    /// <summary>Writes a queued job with its files (ordinals 0, 1, … in the given order), atomically, and returns it.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: the knowledge base does not exist.</exception>
    Task<JobRecord> CreateAsync(long kbId, long? userId, string kind, IReadOnlyList<NewJobFile> files, IReadOnlyList<string> groups, string? policy,
        bool force, CancellationToken cancellationToken = default);

    /// <summary>A job with its files in ordinal order, or null.</summary>
    Task<JobRecord?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Ids of jobs still queued or running, oldest first: what a restart resumes.</summary>
    Task<IReadOnlyList<long>> ListUnfinishedAsync(CancellationToken cancellationToken = default);

    /// <summary>Recent jobs of a knowledge base, newest first, without their files.</summary>
    Task<IReadOnlyList<JobRecord>> ListForKnowledgeBaseAsync(long kbId, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>Marks a job running (again, after a restart); the first start time is kept.</summary>
    Task MarkStartedAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Marks a file running and counts the attempt; returns the attempts so far, this one included (0 when
    /// there is no such file, or when the file already has its outcome: it is not run again). A file still "running"
    /// at the next start was being ingested when the process (or the node that held the job) stopped.</summary>
    Task<int> MarkFileRunningAsync(long jobId, int ordinal, CancellationToken cancellationToken = default);

    /// <summary>Records one file's outcome and adds it to the job's running totals, atomically: both or neither. Only the
    /// first outcome of a file counts: recording a file that already has one changes nothing (a node that lost its
    /// lease mid-file and the node that took the job over cannot both add to the totals).</summary>
    Task RecordFileAsync(long jobId, int ordinal, string status, string? reason, int documents, int chunks, long size,
        CancellationToken cancellationToken = default);

    /// <summary>Marks a job finished: completed when <paramref name="failure"/> is null, else failed with that message.</summary>
    Task MarkFinishedAsync(long id, string? failure, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases the oldest claimable job to <paramref name="nodeId"/> for <paramref name="leaseDuration"/> and returns
    /// its id, or null when there is none. Claimable: queued or running, and not leased, or leased with the lease
    /// expired (its node stopped renewing it). Two concurrent claims never get the same job; a job another claim
    /// holds locked right now is passed over, not waited for. The job's status is not changed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="nodeId"/> is empty or <paramref name="leaseDuration"/> is not positive.</exception>
    Task<long?> ClaimAsync(string nodeId, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends <paramref name="nodeId"/>'s lease on a job to <paramref name="leaseDuration"/> from now (the heartbeat).
    /// Returns false when the node no longer holds it: another node claimed it after it expired, it was released, or
    /// the job is finished or gone; the node must then stop working on the job. A lease that expired but that nobody
    /// claimed yet is still the node's and is renewed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="nodeId"/> is empty or <paramref name="leaseDuration"/> is not positive.</exception>
    Task<bool> RenewAsync(long jobId, string nodeId, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Ends <paramref name="nodeId"/>'s lease on a job, if it still holds it, so any node may claim the job at once
    /// when it is unfinished.</summary>
    Task ReleaseAsync(long jobId, string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Ends every lease <paramref name="nodeId"/> holds and returns how many: what a restarted node does first, since
    /// the leases its previous process held belong to work that stopped with it.</summary>
    Task<int> ReleaseAllAsync(string nodeId, CancellationToken cancellationToken = default);
}
