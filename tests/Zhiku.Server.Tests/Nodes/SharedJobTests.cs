using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Zhiku.Server.Jobs;

namespace Zhiku.Server.Tests.Nodes;

/// <summary>Ingestion jobs on nodes sharing one PostgreSQL database: a job whose node stopped is finished by another,
/// every file lands once, and every node reads the same status and serves the same originals.</summary>
public sealed class SharedJobTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private static ServerFactory Node(PostgresSchema database, string id, bool worker = true) => new(
        settings: new Dictionary<string, string?>
        {
            ["Zhiku:Database"] = database.ConnectionString,
            ["Zhiku:NodeId"] = id,
            ["Zhiku:JobLeaseTimeout"] = Lease.ToString(),
        },
        services: worker ? null : services =>
        {
            // A node that accepts uploads but runs no worker of its own (the test drives one by hand).
            foreach (ServiceDescriptor hosted in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(IngestionWorker)).ToList())
            {
                services.Remove(hosted);
            }
        });

    internal static IEnumerable<(string Name, string Content)> Files(int count) => Enumerable.Range(0, count).Select(i => (
        $"policy-{i:000}.md",
        $"# 制度 {i:000}\n\n第 {i} 号制度：报销单据编号 ZK-{i:000}-{i * 7919 % 10007} 须在 {i % 28 + 1} 日内提交财务部。Policy {i} covers item {i * 31}.\n"));

    [Fact]
    public async Task A_job_whose_node_died_mid_file_is_finished_by_another_node_and_every_file_lands_once()
    {
        const int count = 24;
        await using PostgresSchema database = await PostgresSchema.CreateAsync();
        using ServerFactory a = Node(database, "node-a", worker: false);
        string adminKey = await a.AddUserAsync("admin", "admin");
        using HttpClient adminA = a.Client(adminKey);
        await adminA.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);
        long jobId = (await adminA.UploadAsync("corp", Files(count), wait: false)).GetProperty("id").GetInt64();

        // Node A claims the job, applies some files, and dies in the middle of one: its lease is neither renewed nor
        // released, and the last file it wrote has no recorded outcome.
        Assert.Equal(jobId, await a.ServerStore.Jobs.ClaimAsync("node-a", Lease));
        IngestionWorker dying = ActivatorUtilities.CreateInstance<IngestionWorker>(a.Services);
        using (var killed = new CancellationTokenSource())
        {
            Task run = dying.RunJobAsync(jobId, killed.Token);
            await WaitUntilAsync(async () => (await a.ServerStore.Jobs.GetAsync(jobId))!.FilesDone >= 6 || run.IsCompleted, TimeSpan.FromMinutes(3));
            await killed.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        // The last file it recorded is put back as "running": applied to the knowledge base, outcome never recorded.
        await database.ColumnAsync($"""
            WITH last AS (SELECT job_id, ordinal, chunks, size FROM job_files WHERE job_id = {jobId} AND status NOT IN ('queued', 'running')
                          ORDER BY ordinal DESC LIMIT 1),
                 reset AS (UPDATE job_files f SET status = 'running', reason = NULL, documents = 0, chunks = 0
                           FROM last WHERE f.job_id = last.job_id AND f.ordinal = last.ordinal RETURNING f.ordinal)
            UPDATE jobs j SET files_done = files_done - 1, chunks = j.chunks - last.chunks, bytes_done = bytes_done - last.size
            FROM last WHERE j.id = last.job_id RETURNING j.id;
            """);
        Zhiku.Core.Jobs.JobRecord interrupted = (await a.ServerStore.Jobs.GetAsync(jobId))!;
        Assert.Equal("running", interrupted.Status);
        Assert.InRange(interrupted.FilesDone, 5, count - 1);

        // Node B, started after A died, takes the job over once A's lease has expired, and finishes it.
        using ServerFactory b = Node(database, "node-b");
        using HttpClient adminB = b.Client(adminKey);
        JsonElement done = await WaitForJobAsync(adminB, jobId, TimeSpan.FromMinutes(5));
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(count, done.GetProperty("files_done").GetInt32());
        Assert.All(done.GetProperty("files").EnumerateArray(), f => Assert.Contains(f.GetProperty("status").GetString(), new[] { "ingested", "unchanged" }));

        await AssertEveryFileOnceAsync(database, adminB, count);
        // Every node reads the same status.
        Assert.Equal(done.ToString(), (await adminA.GetJsonAsync($"/api/jobs/{jobId}")).ToString());
    }

    [Fact]
    public async Task A_node_stopped_mid_job_hands_it_to_another_node_that_finishes_it()
    {
        const int count = 30;
        await using PostgresSchema database = await PostgresSchema.CreateAsync();
        ServerFactory a = Node(database, "node-a");
        string adminKey = await a.AddUserAsync("admin", "admin");
        using ServerFactory b = Node(database, "node-b");
        using HttpClient adminB = b.Client(adminKey);
        long jobId;
        try
        {
            using HttpClient adminA = a.Client(adminKey);
            await adminA.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);
            jobId = (await adminA.UploadAsync("corp", Files(count), wait: false)).GetProperty("id").GetInt64();
            await WaitUntilAsync(async () => (await adminB.GetJsonAsync($"/api/jobs/{jobId}")).GetProperty("files_done").GetInt32() >= 3, TimeSpan.FromMinutes(3));
        }
        finally
        {
            // Node A shuts down in the middle of the job: its worker stops and frees the lease.
            a.Dispose();
        }

        JsonElement done = await WaitForJobAsync(adminB, jobId, TimeSpan.FromMinutes(5));
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(count, done.GetProperty("files_done").GetInt32());
        await AssertEveryFileOnceAsync(database, adminB, count);
    }

    [Fact]
    public async Task A_file_uploaded_through_one_node_is_downloaded_through_another()
    {
        await using PostgresSchema database = await PostgresSchema.CreateAsync();
        using ServerFactory a = Node(database, "node-a");
        using ServerFactory b = Node(database, "node-b");
        string adminKey = await a.AddUserAsync("admin", "admin");
        using HttpClient adminA = a.Client(adminKey);
        using HttpClient adminB = b.Client(adminKey);
        await adminA.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);
        (string name, string content) = Files(1).Single();
        await adminA.UploadAsync("corp", [(name, content)]);

        // Both nodes show the same public id for it, and B serves A's original byte for byte.
        JsonElement listedA = (await adminA.GetJsonAsync("/api/kbs/corp/documents")).GetProperty("documents").EnumerateArray().Single();
        JsonElement listedB = (await adminB.GetJsonAsync("/api/kbs/corp/documents")).GetProperty("documents").EnumerateArray().Single();
        long id = listedA.GetProperty("id").GetInt64();
        Assert.Equal(id, listedB.GetProperty("id").GetInt64());
        Assert.Equal(content, System.Text.Encoding.UTF8.GetString(await adminB.GetByteArrayAsync($"/api/kbs/corp/documents/{id}/file")));
        Assert.Empty(Directory.EnumerateFiles(b.Store, name, SearchOption.AllDirectories));
    }

    internal static async Task AssertEveryFileOnceAsync(PostgresSchema database, HttpClient client, int count)
    {
        JsonElement documents = (await client.GetJsonAsync("/api/kbs/corp/documents?limit=1000")).GetProperty("documents");
        List<string> sources = [.. documents.EnumerateArray().Select(d => Path.GetFileName(d.GetProperty("source").GetString()!))];
        Assert.Equal(Files(count).Select(f => f.Name).Order(StringComparer.Ordinal), sources.Order(StringComparer.Ordinal));
        Assert.Equal([(object?)(long)count], await database.ColumnAsync("SELECT count(*) FROM documents;"));
        Assert.Equal([(object?)0L], await database.ColumnAsync(
            "SELECT count(*) FROM (SELECT text FROM chunks GROUP BY text HAVING count(*) > 1) duplicated;"));
        Assert.Equal([(object?)0L], await database.ColumnAsync(
            "SELECT count(*) FROM (SELECT doc_id, ordinal FROM chunks GROUP BY doc_id, ordinal HAVING count(*) > 1) duplicated;"));
    }

    private static async Task<JsonElement> WaitForJobAsync(HttpClient client, long jobId, TimeSpan timeout)
    {
        JsonElement job = default;
        await WaitUntilAsync(async () =>
        {
            job = await client.GetJsonAsync($"/api/jobs/{jobId}");
            return job.GetProperty("status").GetString() is "completed" or "failed";
        }, timeout);
        return job;
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"not reached within {timeout}");
            await Task.Delay(200);
        }
    }
}
