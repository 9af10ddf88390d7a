using System.Net;
using System.Text.Json;
using Zhiku.Core;
using Zhiku.Core.Jobs;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Server.Tests.Jobs;

public sealed class JobTests
{
    [Fact]
    public async Task Upload_returns_a_job_whose_progress_streams_as_events()
    {
        using var server = new ServerFactory();
        using HttpClient admin = server.Client(await server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        JsonElement job = await admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public), ("b.txt", "第二份文件的内容。")], wait: false);
        long id = job.GetProperty("id").GetInt64();
        string events = await admin.GetStringAsync($"/api/jobs/{id}/events");
        var parsed = Api.ParseSse(events);
        Assert.Equal("done", parsed[^1].Event);
        Assert.All(parsed.SkipLast(1), e => Assert.Equal("progress", e.Event));
        JsonElement done = JsonDocument.Parse(parsed[^1].Data).RootElement;
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("files_done").GetInt32());
        Assert.Equal(done.GetProperty("bytes_total").GetInt64(), done.GetProperty("bytes_done").GetInt64());
    }

    [Fact]
    public async Task Concurrent_uploads_and_queries_all_succeed()
    {
        using var server = new ServerFactory();
        using HttpClient admin = server.Client(await server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);

        var uploads = Enumerable.Range(0, 8).Select(i => admin.UploadAsync("hr",
            [($"doc{i}a.md", $"# 文档{i}\n\n第{i}号项目的预算为{i + 1}百万元，负责人是员工{i}。"), ($"doc{i}b.txt", $"第{i}号项目在{2020 + i}年启动。")]));
        var queries = Enumerable.Range(0, 40).Select(async i =>
        {
            using HttpResponseMessage response = i % 2 == 0
                ? await admin.PostAsync("/api/kbs/hr/search", Api.Json(new { query = "年假 项目 预算" }))
                : await admin.PostAsync("/api/kbs/hr/ask", Api.Json(new { question = "试用期员工可以休年假吗？" }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            JsonElement body = await response.ReadJsonAsync();
            if (i % 2 == 1)
            {
                Assert.True(body.GetProperty("found").GetBoolean());
            }
        });
        await Task.WhenAll(uploads.Cast<Task>().Concat(queries));

        JsonElement documents = (await admin.GetJsonAsync("/api/kbs/hr/documents")).GetProperty("documents");
        Assert.Equal(17, documents.GetArrayLength());
        JsonElement found = await admin.PostJsonAsync("/api/kbs/hr/search", new { query = "第7号项目的预算", top = 1 });
        Assert.EndsWith("doc7a.md", found.GetProperty("results")[0].GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_interrupted_by_a_restart_is_resumed()
    {
        string store = Path.Combine(Path.GetTempPath(), "zhiku-server-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            string key;
            using (var first = new ServerFactory(store))
            {
                key = await first.AddUserAsync("admin", "admin");
                using HttpClient admin = first.Client(key);
                await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
            }

            // What a crash mid-job leaves: the uploads staged, the job persisted and marked running, nothing ingested.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            ZhikuStore zhiku = ZhikuStore.Open(store);
            var jobs = new SqliteJobStore(zhiku.Metadata);
            long kbId = (await zhiku.KnowledgeBases.FindAsync("hr"))!.Id;
            string staging = Path.Combine(store, "uploads", "staging");
            Directory.CreateDirectory(staging);
            var files = new List<NewJobFile>();
            foreach ((string name, string content) in new[] { (Corpus.PublicName, Corpus.Public), ("later.txt", "恢复后的任务也会完成：代号 RESUME42。") })
            {
                string staged = Path.Combine(staging, Guid.NewGuid().ToString("N") + Path.GetExtension(name));
                await File.WriteAllTextAsync(staged, content);
                files.Add(new NewJobFile(name, staged, Path.Combine(store, "files", kbId.ToString(), name), new FileInfo(staged).Length));
            }

            JobRecord job = await jobs.CreateAsync(kbId, null, "ingest", files, [], null, force: false);
            await jobs.MarkStartedAsync(job.Id);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            using var second = new ServerFactory(store);
            using HttpClient again = second.Client(key);
            JsonElement finished = await WaitAsync(second, job.Id);
            Assert.Equal("completed", finished.GetProperty("status").GetString());
            JsonElement hits = await again.PostJsonAsync("/api/kbs/hr/search", new { query = "RESUME42" });
            Assert.Equal(1, hits.GetProperty("results").GetArrayLength());
            Assert.Equal(2, (await again.GetJsonAsync("/api/kbs/hr/documents")).GetProperty("documents").GetArrayLength());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(store, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_leased_job_is_taken_over_when_its_lease_expires_and_a_restarted_node_frees_its_own(bool ownNode)
    {
        string store = Path.Combine(Path.GetTempPath(), "zhiku-server-lease-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = new ServerFactory(store))
            {
                using HttpClient admin = first.Client(await first.AddUserAsync("admin", "admin"));
                await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
            }

            // A job another node (or this node's previous process) was running when it was killed: leased, not renewed.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            ZhikuStore zhiku = ZhikuStore.Open(store);
            var jobs = new SqliteJobStore(zhiku.Metadata);
            long kbId = (await zhiku.KnowledgeBases.FindAsync("hr"))!.Id;
            string staged = Path.Combine(store, "uploads", "staging", Guid.NewGuid().ToString("N") + ".txt");
            Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
            await File.WriteAllTextAsync(staged, "接管后的任务也会完成：代号 LEASE77。");
            JobRecord job = await jobs.CreateAsync(kbId, null, "ingest",
                [new NewJobFile("lease.txt", staged, Path.Combine(store, "files", kbId.ToString(), "lease.txt"), new FileInfo(staged).Length)], [], null, force: false);
            await jobs.MarkStartedAsync(job.Id);
            string holder = ownNode ? new ServerOptions { Store = store }.ResolveNodeId() : "killed-node";
            TimeSpan lease = ownNode ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(6);
            Assert.Equal(job.Id, await jobs.ClaimAsync(holder, lease));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            using var second = new ServerFactory(store, new() { ["Zhiku:JobLeaseTimeout"] = "00:00:02" });
            _ = second.Client(null);
            if (!ownNode)
            {
                await Task.Delay(1000);
                Assert.Equal(0, (await second.ServerStore.Jobs.GetAsync(job.Id))!.FilesDone);
            }

            JsonElement finished = await WaitAsync(second, job.Id);
            Assert.Equal("completed", finished.GetProperty("status").GetString());
            JobRecord done = (await second.ServerStore.Jobs.GetAsync(job.Id))!;
            Assert.Equal((1, "ingested"), (done.FilesDone, done.Files[0].Status));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(store, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<JsonElement> WaitAsync(ServerFactory server, long jobId)
    {
        _ = server.Client(null);
        for (int i = 0; i < 600; i++)
        {
            JobRecord? job = await server.ServerStore.Jobs.GetAsync(jobId);
            if (job is not null && !JobStatus.IsUnfinished(job.Status))
            {
                return JsonSerializer.SerializeToElement(new { status = job.Status });
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the job was not resumed");
    }
}
