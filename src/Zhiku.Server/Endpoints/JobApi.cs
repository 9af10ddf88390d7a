using Microsoft.AspNetCore.Http.HttpResults;
using Zhiku.Core.Access;
using Zhiku.Core.Jobs;
using Zhiku.Server.Contracts;
using Zhiku.Server.Services;

namespace Zhiku.Server.Endpoints;

/// <summary>
/// Ingestion jobs: status and an SSE progress stream. A job is visible to the user who started it and to admins
/// only (its file names are document titles other users may not be allowed to see).
/// </summary>
public static class JobApi
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static RouteGroupBuilder MapJobApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/jobs").WithTags("Jobs");
        group.MapGet("/{id:long}", Get).WithSummary("Status and progress of an ingestion job");
        group.MapGet("/{id:long}/events", Events).WithSummary("Progress as server-sent events (event: progress, then done)")
            .Produces(200, contentType: "text/event-stream");
        return group;
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> Get(long id, HttpContext context, ServerStore store)
    {
        JobRecord? job = await VisibleAsync(store, id, EndpointUser.Get(context), context.RequestAborted).ConfigureAwait(false);
        return job is null ? ApiProblems.NotFound($"job {id}", "job_not_found") : TypedResults.Ok(Describe(job, await KbNameAsync(store, job, context.RequestAborted).ConfigureAwait(false)));
    }

    private static async Task<IResult> Events(long id, HttpContext context, ServerStore store)
    {
        UserInfo user = EndpointUser.Get(context);
        JobRecord? job = await VisibleAsync(store, id, user, context.RequestAborted).ConfigureAwait(false);
        if (job is null)
        {
            return ApiProblems.NotFound($"job {id}", "job_not_found");
        }

        CancellationToken cancellationToken = context.RequestAborted;
        SseWriter sse = SseWriter.Start(context);
        string kb = await KbNameAsync(store, job, cancellationToken).ConfigureAwait(false);
        (string, int) last = ("", -1);
        try
        {
            while (true)
            {
                job = await store.Jobs.GetAsync(id, cancellationToken).ConfigureAwait(false);
                if (job is null)
                {
                    await sse.WriteRawAsync("error", "{\"detail\":\"the job was removed with its knowledge base / 任务已随知识库删除\"}", cancellationToken).ConfigureAwait(false);
                    break;
                }

                if ((job.Status, job.FilesDone) != last)
                {
                    last = (job.Status, job.FilesDone);
                    await sse.WriteAsync("progress", Describe(job, kb), cancellationToken).ConfigureAwait(false);
                }

                if (!JobStatus.IsUnfinished(job.Status))
                {
                    await sse.WriteAsync("done", Describe(job, kb), cancellationToken).ConfigureAwait(false);
                    break;
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return Results.Empty;
    }

    /// <summary>Waits until a job has finished (or the timeout passes) and returns its record.</summary>
    internal static async Task<JobRecord> WaitForAsync(ServerStore store, long id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTimeOffset until = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            JobRecord job = await store.Jobs.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException($"job {id} vanished");
            if (!JobStatus.IsUnfinished(job.Status) || DateTimeOffset.UtcNow > until)
            {
                return job;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static JobResponse Describe(JobRecord job, string kb) => new(
        job.Id, kb, job.Kind, job.Status, job.FilesTotal, job.FilesDone, job.BytesTotal, job.BytesDone, job.Chunks, job.Error,
        job.CreatedAt, job.StartedAt, job.FinishedAt,
        job.Files.Select(f => new JobFileResponse(f.Name, f.Size, f.Status, f.Reason, f.Documents, f.Chunks)).ToList());

    private static async Task<JobRecord?> VisibleAsync(ServerStore store, long id, UserInfo user, CancellationToken cancellationToken)
    {
        JobRecord? job = await store.Jobs.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return job is not null
            && (job.UserId == user.Id || (user.IsAdmin && await store.Access.GetRoleAsync(user, job.KbId, cancellationToken).ConfigureAwait(false) != KbRole.None))
            ? job
            : null;
    }

    private static async Task<string> KbNameAsync(ServerStore store, JobRecord job, CancellationToken cancellationToken) =>
        (await store.KnowledgeBases.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(k => k.Id == job.KbId) is { } kb
            ? Zhiku.Core.Access.KnowledgeBaseNames.Display(kb.Name)
            : "";
}
