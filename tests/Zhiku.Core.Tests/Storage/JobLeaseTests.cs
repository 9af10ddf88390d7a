using Zhiku.Core.Jobs;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The lease part of <see cref="IJobStore"/> on every engine: one claimer per job, expired leases taken over,
/// renewed ones kept, and each file's outcome counted once however many nodes touched it.</summary>
public sealed class JobLeaseTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ParallelClaimersNeverGetTheSameJob(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        var created = new List<long>();
        for (int i = 0; i < 12; i++)
        {
            created.Add((await store.Jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false)).Id);
        }

        // 8 nodes, each claiming until nothing is left: every job goes to exactly one of them.
        Task<List<long>>[] nodes = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await store.Jobs.ClaimAsync($"node-{n}", Long) is long id)
            {
                mine.Add(id);
            }

            return mine;
        })).ToArray();
        List<long>[] claimed = await Task.WhenAll(nodes);

        List<long> all = claimed.SelectMany(c => c).ToList();
        Assert.Equal(created, all.Order());
        Assert.Null(await store.Jobs.ClaimAsync("late", Long));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task TheOldestUnfinishedUnleasedJobIsClaimedFirst(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        JobRecord done = await store.Jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false);
        JobRecord first = await store.Jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false);
        JobRecord second = await store.Jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false);
        await store.Jobs.MarkFinishedAsync(done.Id, null);

        Assert.Equal(first.Id, await store.Jobs.ClaimAsync("a", Long));
        Assert.Equal(second.Id, await store.Jobs.ClaimAsync("b", Long));
        Assert.Null(await store.Jobs.ClaimAsync("c", Long));
        Assert.Equal(JobStatus.Queued, (await store.Jobs.GetAsync(first.Id))!.Status);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AnExpiredLeaseIsTakenOverAndTheLoserCannotRenew(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        JobRecord job = await store.Jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false);
        await store.Jobs.MarkStartedAsync(job.Id);

        Assert.Equal(job.Id, await store.Jobs.ClaimAsync("killed", TimeSpan.FromMilliseconds(200)));
        Assert.Null(await store.Jobs.ClaimAsync("b", Long));
        await Task.Delay(600);

        Assert.Equal(job.Id, await store.Jobs.ClaimAsync("b", Long));
        Assert.False(await store.Jobs.RenewAsync(job.Id, "killed", Long));
        Assert.True(await store.Jobs.RenewAsync(job.Id, "b", Long));
        Assert.Null(await store.Jobs.ClaimAsync("c", Long));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ARenewedLeaseIsNotTakenOver(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        JobRecord job = await store.Jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false);
        TimeSpan lease = TimeSpan.FromMilliseconds(800);

        Assert.Equal(job.Id, await store.Jobs.ClaimAsync("a", lease));
        for (int beat = 0; beat < 4; beat++)
        {
            await Task.Delay(300);
            Assert.True(await store.Jobs.RenewAsync(job.Id, "a", lease));
            Assert.Null(await store.Jobs.ClaimAsync("b", lease));
        }

        // 1.2 s after the claim, longer than the lease: only the heartbeat kept it.
        Assert.True(await store.Jobs.RenewAsync(job.Id, "a", lease));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ReleasedAndFinishedJobsEndTheLease(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        JobRecord one = await store.Jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false);
        JobRecord two = await store.Jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false);
        JobRecord three = await store.Jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false);
        Assert.Equal(one.Id, await store.Jobs.ClaimAsync("a", Long));
        Assert.Equal(two.Id, await store.Jobs.ClaimAsync("a", Long));
        Assert.Equal(three.Id, await store.Jobs.ClaimAsync("a", Long));

        await store.Jobs.ReleaseAsync(one.Id, "not-the-owner");
        Assert.Null(await store.Jobs.ClaimAsync("b", Long));
        await store.Jobs.ReleaseAsync(one.Id, "a");
        Assert.False(await store.Jobs.RenewAsync(one.Id, "a", Long));
        Assert.Equal(one.Id, await store.Jobs.ClaimAsync("b", Long));

        await store.Jobs.MarkFinishedAsync(two.Id, null);
        Assert.False(await store.Jobs.RenewAsync(two.Id, "a", Long));
        Assert.False(await store.Jobs.RenewAsync(404, "a", Long));

        // A restarted node frees what its previous process held: only the unfinished job it still leased is left.
        Assert.Equal(2, await store.Jobs.ReleaseAllAsync("a"));
        Assert.Equal(three.Id, await store.Jobs.ClaimAsync("a", Long));
        Assert.Equal(0, await store.Jobs.ReleaseAllAsync("nobody"));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AFileIsRecordedOnceWhicheverNodeFinishesItFirst(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        JobRecord job = await store.Jobs.CreateAsync(kb, null, "ingest",
            [new NewJobFile("a.txt", "/s/a", "/t/a", 10), new NewJobFile("b.txt", "/s/b", "/t/b", 20)], [], null, force: false);

        Assert.Equal(1, await store.Jobs.MarkFileRunningAsync(job.Id, 0));
        Assert.Equal(2, await store.Jobs.MarkFileRunningAsync(job.Id, 0));
        // Both the node that lost its lease mid-file and the one that took over record file 0, at the same time.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => store.Jobs.RecordFileAsync(job.Id, 0, "ingested", null, 1, 3 + i, 10))));
        Assert.Equal(0, await store.Jobs.MarkFileRunningAsync(job.Id, 0));
        await store.Jobs.RecordFileAsync(job.Id, 0, "failed", "late", 0, 0, 10);

        JobRecord read = (await store.Jobs.GetAsync(job.Id))!;
        Assert.Equal((1, 10L), (read.FilesDone, read.BytesDone));
        Assert.Equal("ingested", read.Files[0].Status);
        Assert.Equal(read.Files[0].Chunks, read.Chunks);
        Assert.InRange(read.Chunks, 3, 8);
        Assert.Equal(JobStatus.Queued, read.Files[1].Status);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task BadLeaseArgumentsAreRefusedByName(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);

        ArgumentException node = await Assert.ThrowsAsync<ArgumentException>(() => store.Jobs.ClaimAsync(" ", Long));
        Assert.Equal("nodeId", node.ParamName);
        ArgumentException lease = await Assert.ThrowsAsync<ArgumentException>(() => store.Jobs.RenewAsync(1, "a", TimeSpan.Zero));
        Assert.Equal("leaseDuration", lease.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => store.Jobs.ReleaseAllAsync(""));
    }
}
