using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Zhiku.TestSupport;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>An upload's policy never loosens the knowledge base or the admin's rules, a tightened knowledge base takes
/// effect at once, and a knowledge base's prompt template and provider are the ones its answers use.</summary>
public sealed class KnowledgeBasePolicyTests : IAsyncLifetime
{
    private const string Marker = "按 MARK-9 模板作答";
    private readonly ServerFactory _server = new();
    private FakeOpenAIServer _storeWide = null!;
    private FakeOpenAIServer _second = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _storeWide = await FakeOpenAIServer.StartAsync();
        _second = await FakeOpenAIServer.StartAsync();
        _storeWide.Responder = FakeOpenAIServer.QuoteFirstSource;
        _second.Responder = FakeOpenAIServer.QuoteFirstSource;
        File.WriteAllText(Path.Combine(_server.Store, "zhiku.json"), $$"""
            { "llm": { "default_provider": "cloud", "providers": [
                { "name": "cloud", "kind": "openai", "base_url": "{{_storeWide.BaseUrl}}", "model": "cloud-test", "local": false },
                { "name": "second", "kind": "openai", "base_url": "{{_second.BaseUrl}}", "model": "second-test", "local": false } ] },
              "privacy": { "rules": [ { "keywords": ["绝密"], "policy": "forbidden" } ] } }
            """);
        _admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
    }

    public async Task DisposeAsync()
    {
        await _storeWide.DisposeAsync();
        await _second.DisposeAsync();
        _server.Dispose();
    }

    private async Task<HttpResponseMessage> UploadAsync(string kb, string name, string content, string? policy)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", name);
        if (policy is not null)
        {
            form.Add(new StringContent(policy), "policy");
        }

        return await _admin.PostAsync($"/api/kbs/{kb}/documents?wait=true", form);
    }

    private async Task<Dictionary<string, string?>> PoliciesAsync(string kb) =>
        (await _admin.GetJsonAsync($"/api/kbs/{kb}/documents")).GetProperty("documents").EnumerateArray()
            .ToDictionary(d => Path.GetFileName(d.GetProperty("source").GetString()!), d => d.GetProperty("policy").GetString());

    [Theory]
    [InlineData("cloud", null, "inherit")]
    [InlineData("cloud", "cloud", "cloud")]
    [InlineData("cloud", "local-only", "local-only")]
    [InlineData("cloud", "forbidden", "forbidden")]
    [InlineData("local-only", null, "inherit")]
    [InlineData("local-only", "cloud", "refused")]
    [InlineData("local-only", "local-only", "local-only")]
    [InlineData("local-only", "forbidden", "forbidden")]
    [InlineData("forbidden", null, "inherit")]
    [InlineData("forbidden", "cloud", "refused")]
    [InlineData("forbidden", "local-only", "refused")]
    [InlineData("forbidden", "forbidden", "forbidden")]
    public async Task The_strictest_of_kb_upload_policy_and_rule_wins(string kbPolicy, string? requested, string expected)
    {
        await _admin.PostJsonAsync("/api/kbs", new { name = "hr", policy = kbPolicy }, HttpStatusCode.Created);

        using HttpResponseMessage plain = await UploadAsync("hr", "plain.md", "# 通知\n\n会议室预订请使用 OA 系统。", requested);
        using HttpResponseMessage secret = await UploadAsync("hr", "secret.md", "# 计划\n\n绝密：明年的并购计划。", requested);

        if (expected == "refused")
        {
            foreach (HttpResponseMessage response in new[] { plain, secret })
            {
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                string detail = (await response.ReadJsonAsync()).GetProperty("detail").GetString()!;
                Assert.Contains($"'{requested}'", detail, StringComparison.Ordinal);
                Assert.Contains(kbPolicy, detail, StringComparison.Ordinal);
                Assert.Contains("'hr'", detail, StringComparison.Ordinal);
            }

            Assert.Empty(await PoliciesAsync("hr"));
            string staging = _server.ServerStore.StagingFolder;
            Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFiles(staging).Any(), "a refused upload leaves no staged file");
            return;
        }

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secret.StatusCode);
        Dictionary<string, string?> policies = await PoliciesAsync("hr");
        Assert.Equal(expected, policies["plain.md"] ?? "inherit");
        Assert.Equal("forbidden", policies["secret.md"]); // the admin's rule can only tighten
    }

    [Fact]
    public async Task A_kb_tightened_to_local_only_stops_sending_its_text_to_the_cloud_model_at_once()
    {
        await _admin.PostJsonAsync("/api/kbs", new { name = "corp", policy = "cloud" }, HttpStatusCode.Created);
        await _admin.UploadAsync("corp", [(Corpus.PublicName, Corpus.Public)]);
        await _admin.PostJsonAsync("/api/kbs/corp/ask", new { question = "差旅费用多久内报销？" });
        Assert.Contains("三十天内", string.Join("\n", _storeWide.ChatRequests.Select(r => r.MessageText)), StringComparison.Ordinal);

        using HttpResponseMessage patched = await _admin.PatchAsync("/api/kbs/corp", Api.Json(new { policy = "local-only" }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        int before = _storeWide.ChatRequests.Count;
        await _admin.PostJsonAsync("/api/kbs/corp/ask", new { question = "差旅费用多久内报销？" });

        Assert.DoesNotContain("三十天内", string.Join("\n", _storeWide.ChatRequests.Skip(before).Select(r => r.MessageText)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kbs_prompt_template_and_provider_are_used_by_ask_and_v1()
    {
        await _admin.PostJsonAsync("/api/kbs", new { name = "legal", policy = "cloud" }, HttpStatusCode.Created);
        await _admin.UploadAsync("legal", [(Corpus.PublicName, Corpus.Public)]);
        using HttpResponseMessage patched = await _admin.PatchAsync("/api/kbs/legal", Api.Json(new
        {
            prompt_template = $"[system]\n{Marker}。\n[user]\n资料：\n{{{{sources}}}}\n\n问题：{{{{question}}}}",
            provider = "second",
        }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        JsonElement ask = await _admin.PostJsonAsync("/api/kbs/legal/ask", new { question = "差旅费用多久内报销？" });
        Assert.Equal("llm", ask.GetProperty("mode").GetString());
        JsonElement completion = await _admin.PostJsonAsync("/v1/chat/completions", new
        {
            model = "zhiku/legal",
            messages = new[] { new { role = "user", content = "差旅费用多久内报销？" } },
        });
        Assert.False(string.IsNullOrEmpty(completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()));

        Assert.Empty(_storeWide.ChatRequests);
        Assert.True(_second.ChatRequests.Count >= 2);
        Assert.All(_second.ChatRequests, r => Assert.Contains(Marker, r.MessageText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broken_prompt_template_or_unknown_provider_is_refused_and_nothing_is_stored()
    {
        await _admin.PostJsonAsync("/api/kbs", new { name = "legal" }, HttpStatusCode.Created);

        using HttpResponseMessage badTemplate = await _admin.PatchAsync("/api/kbs/legal", Api.Json(new { prompt_template = "只有问题 {{question}}" }));
        Assert.Equal(HttpStatusCode.BadRequest, badTemplate.StatusCode);
        Assert.Contains("{{sources}}", (await badTemplate.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using HttpResponseMessage badProvider = await _admin.PatchAsync("/api/kbs/legal", Api.Json(new { provider = "nope", description = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, badProvider.StatusCode);
        Assert.Contains("nope", (await badProvider.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        JsonElement settings = (await _admin.GetJsonAsync("/api/kbs/legal")).GetProperty("settings");
        Assert.False(settings.TryGetProperty("prompt_template", out JsonElement t) && t.ValueKind == JsonValueKind.String);
        Assert.False(settings.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String);
    }
}
