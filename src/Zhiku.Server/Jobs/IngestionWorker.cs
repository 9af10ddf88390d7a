using Microsoft.Extensions.Options;
using Zhiku.Core;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Jobs;
using Zhiku.Core.Storage;
using Zhiku.Server.Services;

namespace Zhiku.Server.Jobs;

/// <summary>
/// Runs ingestion jobs one file at a time, each under a lease in the job store (<see cref="IJobStore.ClaimAsync"/>):
/// it claims the oldest claimable job, renews the lease every third of <see cref="ServerOptions.JobLeaseTimeout"/>
/// while it works, and stops working on a job whose lease another node took over. Uploads wake it through the
/// queue; it also polls, so a job whose node was killed is taken over once its lease expires. On start it frees the
/// leases its node's previous process held, so a restart resumes at once (files already done keep their outcome, the
/// rest run again and the ingestor's content hash skips what was written). The knowledge base's write lock is held
/// per file, so deletes and other writes interleave, and searches never wait for it.
/// </summary>
public sealed class IngestionWorker(JobQueue queue, ServerStore store, KnowledgeBaseRegistry registry, IOptions<ServerOptions> options,
    Zhiku.Core.Indexing.Hybrid.BackgroundVectorUpdater vectors, IFileParser parser, ILogger<IngestionWorker> logger) : BackgroundService
{
    /// <summary>Times a file may be started; one more means the server stopped during each earlier attempt.</summary>
    internal const int MaxAttempts = 2;

    private const string InterruptedTwice =
        "quarantined: the server stopped twice while this file was being ingested; it is not retried automatically, upload it again to retry / 已隔离：导入此文件时服务两次中断，不再自动重试";

    private const string FileGone = "the file is no longer on the server; upload it again / 文件已不在服务器上，请重新上传";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        string node = options.Value.ResolveNodeId();
        TimeSpan lease = options.Value.JobLeaseTimeout;
        try
        {
            int freed = await store.Jobs.ReleaseAllAsync(node, stoppingToken).ConfigureAwait(false);
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Ingestion worker on node {Node}, job lease {Lease}; {Freed} lease(s) of an earlier run freed", node, lease, freed);
            }

            while (true)
            {
                // Wake-ups are drained before claiming: one that arrives after the last claim keeps the wait below short.
                while (queue.Reader.TryRead(out _))
                {
                }

                try
                {
                    while (await store.Jobs.ClaimAsync(node, lease, stoppingToken).ConfigureAwait(false) is long jobId)
                    {
                        await RunLeasedAsync(jobId, node, lease, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (ZhikuException ex) when (ex.Kind == ErrorKind.Unavailable)
                {
                    // The store is unreachable now: the poll below tries again instead of stopping the worker.
                    logger.LogWarning(ex, "Ingestion worker could not claim a job; retrying");
                }

                // The next upload, or a poll that finds jobs whose node stopped renewing their lease.
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                poll.CancelAfter(lease / 2);
                try
                {
                    if (!await queue.Reader.WaitToReadAsync(poll.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Ingestion worker stopped; unfinished jobs resume at the next start or on another node");
        }
    }

    private async Task RunLeasedAsync(long jobId, string node, TimeSpan lease, CancellationToken stoppingToken)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var beating = new CancellationTokenSource();
        Task heartbeat = HeartbeatAsync(jobId, node, lease, lost, beating.Token);
        try
        {
            await RunJobAsync(jobId, lost.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            if (logger.IsEnabled(LogLevel.Warning))
            {
                logger.LogWarning("Job {JobId}: lease lost to another node; stopped working on it", jobId);
            }
        }
        finally
        {
            await beating.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            try
            {
                // Not cancelled by a stopping server: another node may then take the job over at once.
                await store.Jobs.ReleaseAsync(jobId, node, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ZhikuException ex)
            {
                logger.LogWarning(ex, "Job {JobId}: lease not released; it expires by itself", jobId);
            }
        }
    }

    private async Task HeartbeatAsync(long jobId, string node, TimeSpan lease, CancellationTokenSource lost, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    if (!await store.Jobs.RenewAsync(jobId, node, lease, stop).ConfigureAwait(false))
                    {
                        await lost.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
                catch (ZhikuException ex)
                {
                    // The store is unreachable now; the next beat tries again, and a lease nobody took is still renewed.
                    logger.LogWarning(ex, "Job {JobId}: lease not renewed", jobId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    internal async Task RunJobAsync(long jobId, CancellationToken cancellationToken)
    {
        JobRecord? job = await store.Jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null || !JobStatus.IsUnfinished(job.Status))
        {
            return;
        }

        KnowledgeBaseInfo? info = (await store.KnowledgeBases.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(k => k.Id == job.KbId);
        if (info is null)
        {
            await store.Jobs.MarkFinishedAsync(jobId, "the knowledge base was deleted / 知识库已被删除", cancellationToken).ConfigureAwait(false);
            return;
        }

        await store.Jobs.MarkStartedAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Job {JobId}: {Files} file(s) into knowledge base {KbId}", jobId, job.Files.Count, info.Id);
        }
        KnowledgeBaseHandle handle = await registry.GetAsync(info, cancellationToken).ConfigureAwait(false);
        // A same-content upload joins only documents its uploader may read (else the answer would reveal them).
        Zhiku.Core.Access.UserInfo? uploader = job.UserId is { } userId ? await store.Users.GetAsync(userId, cancellationToken).ConfigureAwait(false) : null;
        Func<DocumentInfo, bool>? mayJoin = job.UserId is null ? null
            : uploader is null ? _ => false
            : d => uploader.ReadAccess.CanRead(d.Groups);
        var ingestOptions = new IngestOptions
        {
            MayJoin = mayJoin,
            Groups = job.Groups,
            Policy = job.Policy,
            Force = job.Force,
            MaxFileBytes = options.Value.MaxFileBytes,
            PolicyRules = store.Store.Configuration.Current.Privacy.Rules,
        };
        try
        {
            foreach (JobFile file in job.Files.Where(f => JobStatus.IsUnfinished(f.Status)))
            {
                await handle.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (handle.Deleted)
                    {
                        await store.Jobs.MarkFinishedAsync(jobId, "the knowledge base was deleted / 知识库已被删除", cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    // A file that was being ingested when the server stopped twice is not tried a third time: it
                    // would stop the server again and hold the single queue forever.
                    int attempts = await store.Jobs.MarkFileRunningAsync(jobId, file.Ordinal, cancellationToken).ConfigureAwait(false);
                    if (attempts == 0)
                    {
                        // Finished meanwhile by the node that held the job before (its lease ran out as it recorded).
                        continue;
                    }

                    if (attempts > MaxAttempts)
                    {
                        await store.Jobs.RecordFileAsync(jobId, file.Ordinal, "quarantined", InterruptedTwice, 0, 0, file.Size, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    (string status, string? reason, int documents, int chunks) = await IngestFileAsync(handle, file, ingestOptions, parser, cancellationToken).ConfigureAwait(false);
                    // Not cancelled by a stopping server: the file is in the store by now, so its outcome is recorded.
                    await store.Jobs.RecordFileAsync(jobId, file.Ordinal, status, reason, documents, chunks, file.Size, CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    handle.WriteLock.Release();
                }
            }

            await store.Jobs.MarkFinishedAsync(jobId, null, CancellationToken.None).ConfigureAwait(false);
            await vectors.EnqueueAsync(handle.KnowledgeBase.Info.Name, handle.KnowledgeBase.Vectors, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Job {JobId} failed", jobId);
            await store.Jobs.MarkFinishedAsync(jobId, $"{ex.GetType().Name}: {ex.Message}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<(string Status, string? Reason, int Documents, int Chunks)> IngestFileAsync(
        KnowledgeBaseHandle handle, JobFile file, IngestOptions ingestOptions, IFileParser parser, CancellationToken cancellationToken)
    {
        IOriginalFileStore originals = handle.KnowledgeBase.Store.Originals;
        IngestSummary summary;
        try
        {
            if (OriginalKeys.KeyOf(originals, file.TargetPath) is { } target)
            {
                // An upload: its staged original becomes the document's (a job resumed after the move finds it moved).
                if (file.StagedPath != file.TargetPath && OriginalKeys.KeyOf(originals, file.StagedPath) is { } staged)
                {
                    await originals.MoveAsync(staged, target, cancellationToken).ConfigureAwait(false);
                }

                if (!await originals.ExistsAsync(target, cancellationToken).ConfigureAwait(false))
                {
                    return ("failed", FileGone, 0, 0);
                }

                summary = await new Ingestor(handle.KnowledgeBase, ingestOptions, parser).IngestOriginalAsync(originals, target, cancellationToken).ConfigureAwait(false);
            }
            else if (!File.Exists(file.TargetPath))
            {
                return ("failed", FileGone, 0, 0);
            }
            else
            {
                // Re-indexing a document ingested from a folder on this machine: read where it is.
                summary = await new Ingestor(handle.KnowledgeBase, ingestOptions, parser).IngestAsync([file.TargetPath], null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ZhikuException ex) when (ex.IsUserError)
        {
            return ("failed", ex.Message, 0, 0);
        }

        FileOutcome outcome = summary.Files[0];
        return (outcome.Status.ToString().ToLowerInvariant(), outcome.Reason, outcome.Documents, outcome.Chunks);
    }
}
