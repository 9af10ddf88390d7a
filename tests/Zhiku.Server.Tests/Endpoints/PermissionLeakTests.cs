using System.Net;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>
/// A reader outside the "hr" group must never learn anything about the hr-only document: not a chunk, citation,
/// title, file name, count, rank or distinguishable error, on any endpoint (REST, SSE, OpenAI, MCP, chat history).
/// The hr member's positive checks make sure each probe could have found it.
/// </summary>
public sealed class PermissionLeakTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new();
    private HttpClient _admin = null!;
    private HttpClient _outsider = null!;
    private HttpClient _outsiderEditor = null!;
    private HttpClient _insider = null!;
    private string _outsiderKey = "";
    private string _insiderKey = "";
    private long _secretId;
    private long _publicId;
    private long _adminJob;

    public async Task InitializeAsync()
    {
        _admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        _outsiderKey = await _server.AddUserAsync("olga", "reader");
        _outsider = _server.Client(_outsiderKey);
        _outsiderEditor = _server.Client(await _server.AddUserAsync("ed", "editor"));
        _insiderKey = await _server.AddUserAsync("hanna", "reader", "hr");
        _insider = _server.Client(_insiderKey);
        await _admin.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);
        await _admin.PutAsync("/api/kbs/corp/access", Api.Json(new { user = "*", role = "reader" }));
        await _admin.PutAsync("/api/kbs/corp/access", Api.Json(new { user = "ed", role = "editor" }));
        await _admin.UploadAsync("corp", [(Corpus.PublicName, Corpus.Public)]);
        _adminJob = (await _admin.UploadAsync("corp", [(Corpus.SecretName, Corpus.Secret)], groups: "hr")).GetProperty("id").GetInt64();
        JsonElement documents = (await _admin.GetJsonAsync("/api/kbs/corp/documents")).GetProperty("documents");
        _secretId = documents.EnumerateArray().Single(d => d.GetProperty("title").GetString() == Corpus.SecretTitle).GetProperty("id").GetInt64();
        _publicId = documents.EnumerateArray().Single(d => d.GetProperty("id").GetInt64() != _secretId).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Search_filters_before_the_top_k_cut()
    {
        JsonElement secret = await _outsider.PostJsonAsync("/api/kbs/corp/search", new { query = Corpus.Canary });
        Assert.Equal(0, secret.GetProperty("results").GetArrayLength());
        JsonElement positive = await _insider.PostJsonAsync("/api/kbs/corp/search", new { query = Corpus.Canary });
        Assert.Equal(_secretId, positive.GetProperty("results")[0].GetProperty("doc_id").GetInt64());

        // The secret document ranks first for this query; the outsider still gets one result: the public one.
        JsonElement insiderTop = await _insider.PostJsonAsync("/api/kbs/corp/search", new { query = "薪酬调整方案 总经理", top = 1 });
        Assert.Equal(_secretId, insiderTop.GetProperty("results")[0].GetProperty("doc_id").GetInt64());
        using HttpResponseMessage top1 = await _outsider.PostAsync("/api/kbs/corp/search", Api.Json(new { query = "薪酬调整方案 总经理", top = 1 }));
        string body = await top1.Content.ReadAsStringAsync();
        AssertNoLeak(body);
        JsonElement results = JsonDocument.Parse(body).RootElement.GetProperty("results");
        Assert.Equal(1, results.GetArrayLength());
        Assert.Equal(_publicId, results[0].GetProperty("doc_id").GetInt64());
    }

    [Fact]
    public async Task Ask_json_and_stream_never_cite_or_name_the_secret()
    {
        foreach (string question in new[] { $"{Corpus.Canary} 总经理薪酬是多少？", "薪酬调整方案是什么？", "差旅费用报销由谁审批？" })
        {
            using HttpResponseMessage json = await _outsider.PostAsync("/api/kbs/corp/ask", Api.Json(new { question }));
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
            AssertNoLeak(await json.Content.ReadAsStringAsync());

            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/kbs/corp/ask") { Content = Api.Json(new { question, save = true }) };
            request.Headers.Accept.ParseAdd("text/event-stream");
            using HttpResponseMessage sse = await _outsider.SendAsync(request);
            AssertNoLeak(await sse.Content.ReadAsStringAsync());
        }

        JsonElement insiderAnswer = await _insider.PostJsonAsync("/api/kbs/corp/ask", new { question = $"{Corpus.Canary} 总经理薪酬是多少？" });
        Assert.Contains(insiderAnswer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("doc_id").GetInt64() == _secretId);
        AssertNoLeak((await _outsider.GetStringAsync("/api/chats")));
    }

    [Fact]
    public async Task Document_endpoints_answer_as_if_the_secret_did_not_exist()
    {
        string list = await _outsider.GetStringAsync("/api/kbs/corp/documents");
        AssertNoLeak(list);
        Assert.Equal(1, JsonDocument.Parse(list).RootElement.GetProperty("documents").GetArrayLength());
        JsonElement kbs = await _outsider.GetJsonAsync("/api/kbs");
        Assert.Equal(1, kbs.GetProperty("kbs")[0].GetProperty("documents").GetInt64());
        Assert.Equal(2, (await _insider.GetJsonAsync("/api/kbs")).GetProperty("kbs")[0].GetProperty("documents").GetInt64());

        const long missing = 987654;
        foreach ((HttpClient client, HttpMethod method, string suffix) in new[]
        {
            (_outsider, HttpMethod.Get, ""), (_outsider, HttpMethod.Get, "/file"), (_outsider, HttpMethod.Get, "/passage?start=0&end=10"),
            (_outsiderEditor, HttpMethod.Delete, ""), (_outsiderEditor, HttpMethod.Post, "/reindex"), (_outsiderEditor, HttpMethod.Put, "/groups"),
        })
        {
            string secret = await SendAsync(client, method, $"/api/kbs/corp/documents/{_secretId}{suffix}");
            string none = await SendAsync(client, method, $"/api/kbs/corp/documents/{missing}{suffix}");
            AssertNoLeak(secret);
            Assert.Equal(Normalize(none, missing.ToString()), Normalize(secret, _secretId.ToString()));
        }

        Assert.Equal(HttpStatusCode.OK, (await _insider.GetAsync($"/api/kbs/corp/documents/{_secretId}/file")).StatusCode);
        Assert.Equal(2, (await _admin.GetJsonAsync("/api/kbs/corp/documents")).GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public async Task An_editor_outside_the_groups_cannot_replace_a_document_by_uploading_its_file_name()
    {
        JsonElement job = await _outsiderEditor.UploadAsync("corp", [(Corpus.SecretName, "# 替换\n\n这份文件想覆盖原来的薪酬名单。")]);
        Assert.Equal("ingested", job.GetProperty("files")[0].GetProperty("status").GetString());

        // The hidden document, its text and its original file are untouched; the upload became a new document.
        JsonElement found = await _insider.PostJsonAsync("/api/kbs/corp/search", new { query = Corpus.Canary });
        Assert.Equal(_secretId, found.GetProperty("results")[0].GetProperty("doc_id").GetInt64());
        Assert.Contains(Corpus.Canary, await _insider.GetStringAsync($"/api/kbs/corp/documents/{_secretId}/file"), StringComparison.Ordinal);
        Assert.Equal(3, (await _admin.GetJsonAsync("/api/kbs/corp/documents")).GetProperty("documents").GetArrayLength());
        string[] originals = Directory.GetFiles(Path.Combine(_server.Store, "files"), Corpus.SecretName, SearchOption.AllDirectories);
        Assert.Equal(2, originals.Length);
        Assert.Single(originals, f => File.ReadAllText(f).Contains(Corpus.Canary, StringComparison.Ordinal));

        // Someone who may read it still replaces it by uploading the same name.
        JsonElement again = await _admin.UploadAsync("corp", [(Corpus.SecretName, Corpus.Secret)], groups: "hr");
        Assert.Equal("unchanged", again.GetProperty("files")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_upload_answer_does_not_confirm_a_hidden_document_with_the_same_content()
    {
        // Same name, same bytes, same groups as the hidden document: answered as if it did not exist.
        JsonElement job = await _outsiderEditor.UploadAsync("corp", [(Corpus.SecretName, Corpus.Secret)], groups: "hr");
        JsonElement fresh = await _outsiderEditor.UploadAsync("corp", [("never-seen.md", Corpus.Secret.Replace(Corpus.Canary, "OMEGA1234", StringComparison.Ordinal))], groups: "hr");
        Assert.Equal(fresh.GetProperty("files")[0].GetProperty("status").GetString(), job.GetProperty("files")[0].GetProperty("status").GetString());
        Assert.Equal("ingested", job.GetProperty("files")[0].GetProperty("status").GetString());
        Assert.Equal(fresh.GetProperty("files")[0].GetProperty("documents").GetInt32(), job.GetProperty("files")[0].GetProperty("documents").GetInt32());
    }

    [Fact]
    public async Task Jobs_of_others_are_not_visible()
    {
        string job = await SendAsync(_outsider, HttpMethod.Get, $"/api/jobs/{_adminJob}");
        string none = await SendAsync(_outsider, HttpMethod.Get, "/api/jobs/99999");
        AssertNoLeak(job);
        Assert.Equal(Normalize(none, "99999"), Normalize(job, _adminJob.ToString()));
        AssertNoLeak(await SendAsync(_outsider, HttpMethod.Get, $"/api/jobs/{_adminJob}/events"));
    }

    [Fact]
    public async Task OpenAI_endpoint_does_not_leak_streaming_or_not()
    {
        string models = await _outsider.GetStringAsync("/v1/models");
        Assert.Contains("zhiku/corp", models, StringComparison.Ordinal);
        foreach (bool stream in new[] { false, true })
        {
            using HttpResponseMessage response = await _outsider.PostAsync("/v1/chat/completions", Api.Json(new
            {
                model = "zhiku/corp",
                stream,
                messages = new object[] { new { role = "user", content = "差旅费用报销由谁审批？" }, new { role = "assistant", content = "…" }, new { role = "user", content = $"那 {Corpus.Canary} 呢？总经理薪酬调整方案" } },
            }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertNoLeak(await response.Content.ReadAsStringAsync());
        }

        using HttpResponseMessage insiderResponse = await _insider.PostAsync("/v1/chat/completions", Api.Json(new
        {
            model = "zhiku/corp",
            messages = new[] { new { role = "user", content = $"{Corpus.Canary} 总经理薪酬是多少？" } },
        }));
        Assert.Contains(Corpus.SecretTitle, await insiderResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MCP_tools_do_not_leak()
    {
        await using McpClient outsiderMcp = await McpSession.ConnectAsync(_server, _outsiderKey);
        (string search, _) = await outsiderMcp.CallAsync("search", new() { ["kb"] = "corp", ["query"] = "薪酬调整方案 总经理 " + Corpus.Canary, ["top"] = 5 });
        AssertNoLeak(search);
        Assert.Contains(_publicId.ToString(), search, StringComparison.Ordinal);
        (string ask, _) = await outsiderMcp.CallAsync("ask", new() { ["kb"] = "corp", ["question"] = $"{Corpus.Canary} 总经理薪酬是多少？" });
        AssertNoLeak(ask);

        await using McpClient insiderMcp = await McpSession.ConnectAsync(_server, _insiderKey);
        (string insiderSearch, _) = await insiderMcp.CallAsync("search", new() { ["kb"] = "corp", ["query"] = Corpus.Canary });
        Assert.Contains(Corpus.Canary, insiderSearch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_history_hides_answers_whose_sources_became_unreadable()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/kbs/corp/ask") { Content = Api.Json(new { question = $"{Corpus.Canary} 总经理薪酬是多少？", save = true }) };
        using HttpResponseMessage asked = await _insider.SendAsync(request);
        long session = long.Parse(asked.Headers.GetValues("X-Zhiku-Session").Single());
        Assert.Contains(Corpus.Canary, await _insider.GetStringAsync($"/api/chats/{session}"), StringComparison.Ordinal);

        var hanna = (await _server.ServerStore.Users.FindAsync("hanna"))!;
        await _server.ServerStore.Users.SetGroupsAsync(hanna.Id, []);
        string history = await _insider.GetStringAsync($"/api/chats/{session}");
        Assert.DoesNotContain(Corpus.SecretTitle, history, StringComparison.Ordinal);
        Assert.DoesNotContain("九十万", history, StringComparison.Ordinal);
        Assert.Contains("hidden", history, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await _outsider.GetAsync($"/api/chats/{session}")).StatusCode);
    }

    private static async Task<string> SendAsync(HttpClient client, HttpMethod method, string url)
    {
        using var request = new HttpRequestMessage(method, url) { Content = method == HttpMethod.Put ? Api.Json(new { groups = Array.Empty<string>() }) : null };
        using HttpResponseMessage response = await client.SendAsync(request);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private static string Normalize(string body, string id) =>
        System.Text.RegularExpressions.Regex.Replace(body.Replace(id, "ID", StringComparison.Ordinal), "\"trace_id\":\"[^\"]*\"", "");

    private static void AssertNoLeak(string body)
    {
        Assert.DoesNotContain(Corpus.SecretTitle, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Corpus.SecretName, body, StringComparison.Ordinal);
        Assert.DoesNotContain("九十万", body, StringComparison.Ordinal);
        Assert.DoesNotContain("机密代号", body, StringComparison.Ordinal);
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        return Task.CompletedTask;
    }
}
