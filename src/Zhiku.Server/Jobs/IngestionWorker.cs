using Microsoft.Extensions.Options;
using Zhiku.Core;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Jobs;
using Zhiku.Core.Storage;
using Zhiku.Server.Services;

namespace Zhiku.Server.Jobs;

/// <summary>
/// Runs ingestion jobs one file at a time. On start it resumes every unfinished job in the store (a crash or a
/// restart loses nothing: files already done keep their outcome, the rest run again and the ingestor's content
/// hash skips what was written). The knowledge base's write lock is held per file, so deletes and other writes
/// interleave, and searches never wait for it.
/// </summary>
public sealed class IngestionWorker(JobQueue queue, ServerStore store, KnowledgeBaseRegistry registry, IOptions<ServerOptions> options,
    Zhiku.Core.Indexing.Hybrid.BackgroundVectorUpdater vectors, IFileParser parser, ILogger<IngestionWorker> logger) : BackgroundService
{
    /// <summary>Times a file may be started; one more means the server stopped during each earlier attempt.</summary>
    internal const int MaxAttempts = 2;

    private const string InterruptedTwice =
        "quarantined: the server stopped twice while this file was being ingested; it is not retried automatically, upload it again to retry / 已隔离：导入此文件时服务两次中断，不再自动重试";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await RunUnfinishedAsync(stoppingToken).ConfigureAwait(false);
            while (await queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (queue.Reader.TryRead(out long jobId))
                {
                    await RunJobAsync(jobId, stoppingToken).ConfigureAwait(false);
                }

                // Catch jobs that were persisted but never queued (an upload cancelled while the queue was full).
                await RunUnfinishedAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Ingestion worker stopped; unfinished jobs resume at the next start");
        }
    }

    private async Task RunUnfinishedAsync(CancellationToken cancellationToken)
    {
        foreach (long jobId in await store.Jobs.ListUnfinishedAsync(cancellationToken).ConfigureAwait(false))
        {
            await RunJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
    }

    internal async Task RunJobAsync(long jobId, CancellationToken cancellationToken)
    {
        JobRecord? job = await store.Jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null || !JobStatus.IsUnfinished(job.Status))
        {
            return;
        }

        KnowledgeBaseInfo? info = store.Metadata.ListKnowledgeBases().FirstOrDefault(k => k.Id == job.KbId);
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
        KnowledgeBaseHandle handle = registry.Get(info);
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
                    if (await store.Jobs.MarkFileRunningAsync(jobId, file.Ordinal, cancellationToken).ConfigureAwait(false) > MaxAttempts)
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
        if (file.StagedPath != file.TargetPath && File.Exists(file.StagedPath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file.TargetPath)!);
            File.Move(file.StagedPath, file.TargetPath, overwrite: true);
        }

        if (!File.Exists(file.TargetPath))
        {
            return ("failed", "the file is no longer on the server; upload it again / 文件已不在服务器上，请重新上传", 0, 0);
        }

        IngestSummary summary;
        try
        {
            summary = await new Ingestor(handle.KnowledgeBase, ingestOptions, parser).IngestAsync([file.TargetPath], null, cancellationToken).ConfigureAwait(false);
        }
        catch (ZhikuException ex) when (ex.IsUserError)
        {
            return ("failed", ex.Message, 0, 0);
        }

        FileOutcome outcome = summary.Files[0];
        return (outcome.Status.ToString().ToLowerInvariant(), outcome.Reason, outcome.Documents, outcome.Chunks);
    }
}
