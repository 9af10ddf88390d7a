using Zhiku.Core.Jobs;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The contract of <see cref="IJobStore"/> on every engine: files in order, totals kept with each outcome, unfinished jobs resumable.</summary>
public sealed class JobStoreTests
{
    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AJobKeepsItsFilesInOrderAndItsTotalsWithEachOutcome(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IJobStore jobs = store.Jobs;

        JobRecord job = await jobs.CreateAsync(kb, 7, "ingest",
            [new NewJobFile("a.txt", "/s/a", "/t/a", 10), new NewJobFile("b.txt", "/s/b", "/t/b", 20)], ["hr"], "local", force: true);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal((kb, 7L, "ingest", "local", true, 2, 30L), (job.KbId, job.UserId!.Value, job.Kind, job.Policy, job.Force, job.FilesTotal, job.BytesTotal));
        Assert.Equal(["hr"], job.Groups);
        Assert.Equal(["a.txt", "b.txt"], job.Files.Select(f => f.Name));
        Assert.Equal(("/s/b", "/t/b", 20L), (job.Files[1].StagedPath, job.Files[1].TargetPath, job.Files[1].Size));
        Assert.Equal([job.Id], await jobs.ListUnfinishedAsync());

        await jobs.MarkStartedAsync(job.Id);
        DateTimeOffset started = (await jobs.GetAsync(job.Id))!.StartedAt!.Value;
        await jobs.MarkStartedAsync(job.Id);
        Assert.Equal(started, (await jobs.GetAsync(job.Id))!.StartedAt);
        Assert.Equal(1, await jobs.MarkFileRunningAsync(job.Id, 0));
        Assert.Equal(2, await jobs.MarkFileRunningAsync(job.Id, 0));
        Assert.Equal(0, await jobs.MarkFileRunningAsync(job.Id, 9));
        Assert.Equal([job.Id], await jobs.ListUnfinishedAsync());
        await jobs.RecordFileAsync(job.Id, 0, "ingested", null, 1, 3, 10);
        await jobs.RecordFileAsync(job.Id, 1, "skipped", "too large", 0, 0, 20);
        await jobs.MarkFinishedAsync(job.Id, null);

        JobRecord done = (await jobs.GetAsync(job.Id))!;
        Assert.Equal((JobStatus.Completed, 2, 30L, 3), (done.Status, done.FilesDone, done.BytesDone, done.Chunks));
        Assert.Equal(("ingested", 1, 3), (done.Files[0].Status, done.Files[0].Documents, done.Files[0].Chunks));
        Assert.Equal(("skipped", "too large"), (done.Files[1].Status, done.Files[1].Reason));
        Assert.NotNull(done.FinishedAt);
        Assert.Empty(await jobs.ListUnfinishedAsync());
        Assert.Single(await jobs.ListForKnowledgeBaseAsync(kb));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AFailedJobKeepsItsMessageAndJobsAreListedNewestFirst(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IJobStore jobs = store.Jobs;

        JobRecord first = await jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false);
        JobRecord second = await jobs.CreateAsync(kb, null, "reindex", [], [], null, force: false);
        await jobs.MarkFinishedAsync(first.Id, "disk full");

        JobRecord failed = (await jobs.GetAsync(first.Id))!;
        Assert.Equal((JobStatus.Failed, "disk full", (long?)null), (failed.Status, failed.Error, failed.UserId));
        Assert.Empty(failed.Groups);
        Assert.Equal([second.Id, first.Id], (await jobs.ListForKnowledgeBaseAsync(kb)).Select(j => j.Id));
        Assert.Equal([second.Id], (await jobs.ListForKnowledgeBaseAsync(kb, limit: 1)).Select(j => j.Id));
        Assert.Equal([second.Id], await jobs.ListUnfinishedAsync());
        Assert.Empty((await jobs.ListForKnowledgeBaseAsync(kb))[0].Files);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AJobForAMissingKnowledgeBaseIsNotFound(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => store.Jobs.CreateAsync(404, null, "ingest",
            [new NewJobFile("a.txt", "/s/a", "/t/a", 10)], [], null, force: false));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Null(await store.Jobs.GetAsync(404));
        Assert.Empty(await store.Jobs.ListUnfinishedAsync());
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ChangesToAMissingJobChangeNothingAndDoNotThrow(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);

        await store.Jobs.MarkStartedAsync(404);
        await store.Jobs.RecordFileAsync(404, 0, "ingested", null, 1, 1, 1);
        await store.Jobs.MarkFinishedAsync(404, null);
        Assert.Null(await store.Jobs.GetAsync(404));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task WithAKeyFileNamesPathsReasonsAndErrorsAreStoredEncrypted(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine, EncryptionKey.Generate());
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        JobRecord job = await store.Jobs.CreateAsync(kb, null, "ingest", [new NewJobFile("工资表.xlsx", "/s/1", "/hr/工资表.xlsx", 10)], [], null, force: false);
        await store.Jobs.RecordFileAsync(job.Id, 0, "failed", "工资表 is damaged", 0, 0, 10);
        await store.Jobs.MarkFinishedAsync(job.Id, "工资表 failed");

        foreach (string sql in new[] { "SELECT name FROM job_files", "SELECT target_path FROM job_files", "SELECT reason FROM job_files", "SELECT error FROM jobs" })
        {
            string stored = (await store.StoredTextAsync(sql))!;
            Assert.StartsWith("enc:", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("工资表", stored, StringComparison.Ordinal);
        }

        JobRecord read = (await store.Jobs.GetAsync(job.Id))!;
        Assert.Equal(("工资表.xlsx", "/hr/工资表.xlsx", "工资表 is damaged", "工资表 failed"),
            (read.Files[0].Name, read.Files[0].TargetPath, read.Files[0].Reason, read.Error));
    }
}
