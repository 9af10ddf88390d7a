using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Zhiku.Core;
using Zhiku.Core.Access;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Server.Tests.Nodes;

/// <summary>Issue 15, scenario 2, with real <c>zhiku serve</c> processes: node A is killed with SIGKILL during a
/// 300-file ingest job; node B takes the job over when A's lease expires and finishes it.</summary>
public sealed class NodeKillTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_node_killed_during_a_300_file_job_leaves_it_to_another_node_and_every_file_lands_once()
    {
        const int count = 300;
        await using PostgresSchema database = await PostgresSchema.CreateAsync();
        string adminKey = await AddAdminAsync(database.ConnectionString);
        using NodeProcess a = await NodeProcess.StartAsync(database.ConnectionString, "node-a", Lease);
        using NodeProcess b = await NodeProcess.StartAsync(database.ConnectionString, "node-b", Lease);
        using HttpClient clientA = a.Client(adminKey);
        using HttpClient clientB = b.Client(adminKey);
        await clientA.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);

        using var form = new MultipartFormDataContent();
        foreach ((string name, string content) in SharedJobTests.Files(count))
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }

        long jobId;
        using (HttpResponseMessage accepted = await clientA.PostAsync("/api/kbs/corp/documents", form))
        {
            Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
            jobId = (await accepted.ReadJsonAsync()).GetProperty("id").GetInt64();
        }

        // A has claimed the job and is working through it (B reads the progress from the database).
        await SharedJobTests.WaitUntilAsync(async () => (await JobAsync(clientB, jobId)).GetProperty("files_done").GetInt32() >= 20, TimeSpan.FromMinutes(5));
        Assert.Contains((string?)"node-a", (await database.ColumnAsync($"SELECT lease_owner FROM jobs WHERE id = {jobId};")).Cast<string?>());
        a.Kill();
        int doneWhenKilled = (await JobAsync(clientB, jobId)).GetProperty("files_done").GetInt32();
        Assert.True(doneWhenKilled < count, "node A finished before it was killed; the test proves nothing");

        JsonElement done = default;
        await SharedJobTests.WaitUntilAsync(async () =>
        {
            done = await JobAsync(clientB, jobId);
            return done.GetProperty("status").GetString() is "completed" or "failed";
        }, TimeSpan.FromMinutes(10));
        Assert.True(done.GetProperty("status").GetString() == "completed", done.ToString() + "\n" + b.Output);
        Assert.Equal(count, done.GetProperty("files_done").GetInt32());
        Assert.All(done.GetProperty("files").EnumerateArray(), f => Assert.Contains(f.GetProperty("status").GetString(), new[] { "ingested", "unchanged" }));
        await SharedJobTests.AssertEveryFileOnceAsync(database, clientB, count);

        // A restarted node A (same name, new process) reads the same status.
        using NodeProcess again = await NodeProcess.StartAsync(database.ConnectionString, "node-a", Lease);
        using HttpClient clientAgain = again.Client(adminKey);
        Assert.Equal(done.ToString(), (await JobAsync(clientAgain, jobId)).ToString());
    }

    private static async Task<JsonElement> JobAsync(HttpClient client, long jobId) => await client.GetJsonAsync($"/api/jobs/{jobId}");

    private static async Task<string> AddAdminAsync(string database)
    {
        string folder = Path.Combine(Path.GetTempPath(), "zhiku-node-admin-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using ZhikuStore store = await ZhikuStore.OpenAsync(folder, DatabaseUrl.Parse(database), null);
            UserInfo admin = await store.Users.CreateAsync("admin", UserRole.Admin, []);
            return await store.Users.IssueKeyAsync(admin.Id, revokeOthers: false);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
