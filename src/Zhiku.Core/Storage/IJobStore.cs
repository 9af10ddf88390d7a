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
    /// there is no such file). A file still "running" at the next start was being ingested when the process stopped.</summary>
    Task<int> MarkFileRunningAsync(long jobId, int ordinal, CancellationToken cancellationToken = default);

    /// <summary>Records one file's outcome and adds it to the job's running totals, atomically: both or neither.</summary>
    Task RecordFileAsync(long jobId, int ordinal, string status, string? reason, int documents, int chunks, long size,
        CancellationToken cancellationToken = default);

    /// <summary>Marks a job finished: completed when <paramref name="failure"/> is null, else failed with that message.</summary>
    Task MarkFinishedAsync(long id, string? failure, CancellationToken cancellationToken = default);
}
