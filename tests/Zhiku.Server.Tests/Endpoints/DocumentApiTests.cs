using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Zhiku.Server.Tests.Endpoints;

public sealed class DocumentApiTests : IDisposable
{
    private readonly ServerFactory _server = new(settings: new() { ["Zhiku:MaxFileBytes"] = "4096", ["Zhiku:MaxUploadBytes"] = "65536" });

    [Fact]
    public async Task Upload_list_download_passage_reindex_delete()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        JsonElement job = await admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public), ("notes.txt", "会议纪要：下季度目标是营收增长百分之二十。"), ("drawing.dwg", "not really")]);
        Assert.Equal(3, job.GetProperty("files_done").GetInt32());
        var statuses = job.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("status").GetString());
        Assert.Equal("ingested", statuses[Corpus.PublicName]);
        Assert.Equal("skipped", statuses["drawing.dwg"]);

        JsonElement documents = (await admin.GetJsonAsync("/api/kbs/hr/documents")).GetProperty("documents");
        Assert.Equal(2, documents.GetArrayLength());
        JsonElement handbook = documents.EnumerateArray().Single(d => d.GetProperty("source").GetString()!.EndsWith(Corpus.PublicName, StringComparison.Ordinal));
        long id = handbook.GetProperty("id").GetInt64();
        Assert.Equal("indexed", handbook.GetProperty("status").GetString());

        byte[] original = await admin.GetByteArrayAsync($"/api/kbs/hr/documents/{id}/file");
        Assert.Equal(Corpus.Public, Encoding.UTF8.GetString(original));

        JsonElement ask = await admin.PostJsonAsync("/api/kbs/hr/ask", new { question = "试用期员工可以休年假吗？" });
        JsonElement citation = ask.GetProperty("citations")[0];
        int start = citation.GetProperty("start").GetInt32();
        int end = citation.GetProperty("end").GetInt32();
        JsonElement passage = await admin.GetJsonAsync($"/api/kbs/hr/documents/{id}/passage?start={start}&end={end}");
        string text = passage.GetProperty("text").GetString()!;
        string highlighted = text[passage.GetProperty("highlight_start").GetInt32()..passage.GetProperty("highlight_end").GetInt32()];
        Assert.Equal(citation.GetProperty("quote").GetString(), highlighted);
        Assert.Equal($"/api/kbs/hr/documents/{id}/file", passage.GetProperty("download_url").GetString());

        using (HttpResponseMessage reindex = await admin.PostAsync($"/api/kbs/hr/documents/{id}/reindex", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, reindex.StatusCode);
            long jobId = (await reindex.ReadJsonAsync()).GetProperty("id").GetInt64();
            JsonElement done = await WaitForJobAsync(admin, jobId);
            Assert.Equal("ingested", done.GetProperty("files")[0].GetProperty("status").GetString());
        }

        long newId = (await admin.GetJsonAsync("/api/kbs/hr/documents")).GetProperty("documents").EnumerateArray()
            .Single(d => d.GetProperty("source").GetString()!.EndsWith(Corpus.PublicName, StringComparison.Ordinal)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/kbs/hr/documents/{newId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/kbs/hr/documents/{newId}")).StatusCode);
        JsonElement after = await admin.PostJsonAsync("/api/kbs/hr/search", new { query = "年假" });
        Assert.DoesNotContain(after.GetProperty("results").EnumerateArray(), r => r.GetProperty("doc_id").GetInt64() == newId);
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_no_original_and_no_job()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        var stalling = new StallingStream(3000);
        using var cancel = new CancellationTokenSource();
        using (var content = new MultipartFormDataContent { { new StringContent("a.txt first"), "file", "a.txt" }, { new StreamContent(stalling), "file", "half.txt" } })
        {
            Task<HttpResponseMessage> sending = admin.PostAsync("/api/kbs/hr/documents", content, cancel.Token);
            // The first file is staged and half of the second is on its way when the client goes away.
            await stalling.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        }

        IEnumerable<string> Left() => Directory.EnumerateFiles(_server.Store, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}uploads{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || f.Contains($"{Path.DirectorySeparatorChar}files{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        for (int i = 0; i < 50 && Left().Any(); i++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(Left());
        Assert.Equal(0, (await admin.GetJsonAsync("/api/kbs/hr/documents")).GetProperty("documents").GetArrayLength());
        Assert.Empty(await _server.ServerStore.Jobs.ListUnfinishedAsync());
    }

    /// <summary>A request body that sends <paramref name="length"/> bytes and then waits until the request is cancelled.</summary>
    private sealed class StallingStream(int length) : Stream
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        public Task Stalled => _stalled.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= length)
            {
                _stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            int n = Math.Min(buffer.Length, length - _position);
            buffer.Span[..n].Fill((byte)'x');
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Upload_limits_and_malformed_multipart_give_problem_details_naming_the_field_or_file()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);

        using (var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[5000]), "file", "big.txt" } })
        {
            using HttpResponseMessage tooBig = await admin.PostAsync("/api/kbs/hr/documents", form);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
            Assert.Contains("big.txt", (await tooBig.ReadJsonAsync()).GetProperty("detail").GetString());
        }

        using (var huge = new ByteArrayContent(new byte[70000]))
        {
            huge.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await admin.PostAsync("/api/kbs/hr/documents", huge)).StatusCode);
        }

        using (HttpResponseMessage json = await admin.PostAsync("/api/kbs/hr/documents", new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
            Assert.Contains("multipart/form-data", (await json.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var noFile = new MultipartFormDataContent { { new StringContent("hr"), "groups" } })
        {
            await AssertBadRequestAsync(admin, noFile, "'file'");
        }

        using (var unknown = new MultipartFormDataContent { { new StringContent("x"), "files" } })
        {
            await AssertBadRequestAsync(admin, unknown, "'files'");
        }

        using (var noName = new MultipartFormDataContent { { new StringContent("x"), "file" } })
        {
            await AssertBadRequestAsync(admin, noName, "filename");
        }

        var truncated = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello", Encoding.UTF8);
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        await AssertBadRequestAsync(admin, truncated, "multipart");

        var noBoundary = new StringContent("abc", Encoding.UTF8);
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        await AssertBadRequestAsync(admin, noBoundary, "boundary");

        using (var badGroups = new MultipartFormDataContent { { new StringContent("a/b"), "groups" }, { new StringContent("x"), "file", "x.txt" } })
        {
            await AssertBadRequestAsync(admin, badGroups, "group");
        }

        // Nothing staged is left, not even the folder a refused upload made.
        string staging = Path.Combine(_server.Store, "uploads", "staging");
        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFiles(staging).Any(), "a refused upload leaves no staged file");
        Assert.Equal(0, (await admin.GetJsonAsync("/api/kbs/hr/documents")).GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public async Task Readers_cannot_change_documents()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        using HttpClient reader = _server.Client(await _server.AddUserAsync("rita", "reader"));
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await admin.PutAsync("/api/kbs/hr/access", Api.Json(new { user = "rita", role = "reader" }));
        await admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);
        long id = (await reader.GetJsonAsync("/api/kbs/hr/documents")).GetProperty("documents")[0].GetProperty("id").GetInt64();

        using var form = new MultipartFormDataContent { { new StringContent("x"), "file", "x.txt" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/kbs/hr/documents", form)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync($"/api/kbs/hr/documents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/api/kbs/hr/documents/{id}/reindex", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync($"/api/kbs/hr/documents/{id}/groups", Api.Json(new { groups = new[] { "x" } }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/kbs/hr/documents/{id}/file")).StatusCode);
    }

    private static async Task AssertBadRequestAsync(HttpClient client, HttpContent content, string mentions)
    {
        using HttpResponseMessage response = await client.PostAsync("/api/kbs/hr/documents", content);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentions, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    internal static async Task<JsonElement> WaitForJobAsync(HttpClient client, long jobId)
    {
        for (int i = 0; i < 600; i++)
        {
            JsonElement job = await client.GetJsonAsync($"/api/jobs/{jobId}");
            if (job.GetProperty("status").GetString() is "completed" or "failed")
            {
                return job;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"job {jobId} did not finish");
    }

    public void Dispose() => _server.Dispose();
}
