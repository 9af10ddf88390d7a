using Zhiku.Core.Jobs;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The contract of <see cref="IJobStore"/> over SQLite: files in order, totals kept with each outcome, unfinished jobs resumable.</summary>
public sealed class SqliteJobStoreTests
{
    [Fact]
    public async Task AJobKeepsItsFilesInOrderAndItsTotalsWithEachOutcome()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        IJobStore jobs = new SqliteJobStore(metadata);

        JobRecord job = await jobs.CreateAsync(kb.Id, null, "ingest",
            [new NewJobFile("a.txt", "/s/a", "/t/a", 10), new NewJobFile("b.txt", "/s/b", "/t/b", 20)], ["hr"], null, force: false);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(["a.txt", "b.txt"], job.Files.Select(f => f.Name));
        Assert.Equal([job.Id], await jobs.ListUnfinishedAsync());

        await jobs.MarkStartedAsync(job.Id);
        Assert.Equal(1, await jobs.MarkFileRunningAsync(job.Id, 0));
        Assert.Equal(2, await jobs.MarkFileRunningAsync(job.Id, 0));
        Assert.Equal(0, await jobs.MarkFileRunningAsync(job.Id, 9));
        await jobs.RecordFileAsync(job.Id, 0, "ingested", null, 1, 3, 10);
        await jobs.MarkFinishedAsync(job.Id, null);

        JobRecord done = (await jobs.GetAsync(job.Id))!;
        Assert.Equal((JobStatus.Completed, 1, 10L, 3), (done.Status, done.FilesDone, done.BytesDone, done.Chunks));
        Assert.Equal("ingested", done.Files[0].Status);
        Assert.Empty(await jobs.ListUnfinishedAsync());
        Assert.Single(await jobs.ListForKnowledgeBaseAsync(kb.Id));
    }

    [Fact]
    public async Task AJobForAMissingKnowledgeBaseIsNotFound()
    {
        using var temp = new TempFolder();
        IJobStore jobs = new SqliteJobStore(MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db")));

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => jobs.CreateAsync(404, null, "ingest", [], [], null, force: false));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Null(await jobs.GetAsync(404));
    }
}
