using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Zhiku.Core;
using Zhiku.Core.Jobs;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;
using Zhiku.TestSupport;

namespace Zhiku.Server.Tests.Jobs;

/// <summary>Uploaded files are parsed in a worker process: a hostile file fails (or is quarantined), the server and
/// the rest of the queue go on.</summary>
public sealed class ParserIsolationTests
{
    [Fact]
    public async Task The_nested_tables_docx_does_not_take_the_server_down_and_the_queue_goes_on()
    {
        using var server = new ServerFactory();
        using HttpClient admin = server.Client(await server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);

        JsonElement job = await UploadAsync(admin, "hr", ("nested.docx", HostileFiles.NestedTablesDocx()), ("after.txt", Encoding.UTF8.GetBytes("之后上传的文件：代号 AFTER20。")));

        Assert.Equal("completed", job.GetProperty("status").GetString());
        JsonElement[] files = job.GetProperty("files").EnumerateArray().ToArray();
        Assert.Equal("ingested", files[1].GetProperty("status").GetString());
        Assert.NotEqual("queued", files[0].GetProperty("status").GetString());
        Assert.NotEqual("running", files[0].GetProperty("status").GetString());
        // The server is alive and the file after the hostile one is searchable.
        JsonElement hits = await admin.PostJsonAsync("/api/kbs/hr/search", new { query = "AFTER20" });
        Assert.Equal(1, hits.GetProperty("results").GetArrayLength());
        JsonElement later = await UploadAsync(admin, "hr", ("later.txt", Encoding.UTF8.GetBytes("再后来的文件。")));
        Assert.Equal("ingested", later.GetProperty("files")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_file_that_kills_the_worker_twice_is_quarantined_and_shown_in_the_job()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string bin = Path.Combine(Path.GetTempPath(), "zhiku-crashing-worker-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(bin, "#!/bin/sh\nhead -c 4 >/dev/null\nkill -ABRT $$\n");
        File.SetUnixFileMode(bin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using var server = new ServerFactory(settings: new() { ["Zhiku:ParserWorker"] = bin });
            using HttpClient admin = server.Client(await server.AddUserAsync("admin", "admin"));
            await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
            byte[] content = Encoding.UTF8.GetBytes("# 手册\n\n会让解析进程崩溃的文件。");

            JsonElement first = (await UploadAsync(admin, "hr", ("a.md", content))).GetProperty("files")[0];
            Assert.Equal("failed", first.GetProperty("status").GetString());
            Assert.Contains("crashed", first.GetProperty("reason").GetString());

            JsonElement second = (await UploadAsync(admin, "hr", ("a.md", content))).GetProperty("files")[0];
            Assert.Equal("quarantined", second.GetProperty("status").GetString());
            JsonElement third = (await UploadAsync(admin, "hr", ("copy.md", content))).GetProperty("files")[0];
            Assert.Equal("quarantined", third.GetProperty("status").GetString());
            Assert.Single(await server.ServerStore.Quarantine.ListAsync((await server.ServerStore.Store.KnowledgeBases.FindAsync("hr"))!.Id));
        }
        finally
        {
            File.Delete(bin);
        }
    }

    [Fact]
    public async Task A_file_the_server_stopped_on_twice_is_not_run_a_third_time_and_the_job_finishes()
    {
        string store = Path.Combine(Path.GetTempPath(), "zhiku-server-stuck-" + Guid.NewGuid().ToString("N"));
        try
        {
            string key;
            using (var first = new ServerFactory(store))
            {
                key = await first.AddUserAsync("admin", "admin");
                await first.Client(key).PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
            }

            // What two crashes on the first file leave: the job running, that file started twice, nothing written.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            ZhikuStore zhiku = ZhikuStore.Open(store);
            var jobs = new SqliteJobStore(zhiku.Metadata);
            long kbId = (await zhiku.KnowledgeBases.FindAsync("hr"))!.Id;
            string staging = Path.Combine(store, "uploads", "staging");
            Directory.CreateDirectory(staging);
            var files = new List<NewJobFile>();
            foreach ((string name, string content) in new[] { ("killer.md", "# 杀手\n\n服务两次在此中断。"), ("next.txt", "排在后面的文件：代号 NEXT31。") })
            {
                string staged = Path.Combine(staging, Guid.NewGuid().ToString("N") + Path.GetExtension(name));
                await File.WriteAllTextAsync(staged, content);
                files.Add(new NewJobFile(name, staged, Path.Combine(store, "files", kbId.ToString(System.Globalization.CultureInfo.InvariantCulture), name), new FileInfo(staged).Length));
            }

            JobRecord job = await jobs.CreateAsync(kbId, null, "ingest", files, [], null, force: false);
            await jobs.MarkStartedAsync(job.Id);
            await jobs.MarkFileRunningAsync(job.Id, 0);
            await jobs.MarkFileRunningAsync(job.Id, 0);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            using var second = new ServerFactory(store);
            using HttpClient again = second.Client(key);
            JobRecord finished = await WaitAsync(second, job.Id);
            Assert.Equal(JobStatus.Completed, finished.Status);
            Assert.Equal("quarantined", finished.Files[0].Status);
            Assert.Contains("stopped twice", finished.Files[0].Reason);
            Assert.Equal("ingested", finished.Files[1].Status);
            JsonElement hits = await again.PostJsonAsync("/api/kbs/hr/search", new { query = "NEXT31" });
            Assert.Equal(1, hits.GetProperty("results").GetArrayLength());
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

    private static async Task<JsonElement> UploadAsync(HttpClient client, string kb, params (string Name, byte[] Bytes)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach ((string name, byte[] bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }

        using HttpResponseMessage response = await client.PostAsync($"/api/kbs/{kb}/documents?wait=true", form);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"upload: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JobRecord> WaitAsync(ServerFactory server, long jobId)
    {
        _ = server.Client(null);
        for (int i = 0; i < 1200; i++)
        {
            JobRecord? job = await server.ServerStore.Jobs.GetAsync(jobId);
            if (job is not null && !JobStatus.IsUnfinished(job.Status))
            {
                return job;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the job did not finish");
    }
}
