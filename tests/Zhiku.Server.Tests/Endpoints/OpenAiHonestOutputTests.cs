using System.Net;
using System.Text.Json;
using Zhiku.TestSupport;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>Clients of /v1 show only 'content': a sentence the model invented must carry its mark there, and the
/// sources must be listed there, in both the JSON and the streaming shape.</summary>
public sealed class OpenAiHonestOutputTests : IAsyncLifetime
{
    private const string Invented = "公司每年为每位员工报销两万元的火星旅行费用";

    private readonly ServerFactory _server = new();
    private FakeOpenAIServer _model = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAIServer.StartAsync();
        File.WriteAllText(Path.Combine(_server.Store, "zhiku.json"), $$"""
            { "llm": { "providers": [ { "name": "local", "kind": "openai", "base_url": "{{_model.BaseUrl}}", "model": "local-test", "local": true } ] } }
            """);
        _admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        await _admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await _admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);
        await _admin.UploadAsync("hr", [("leave.md", "# Leave policy\n\nEmployees on probation do not get paid annual leave. Permanent staff get ten days of paid leave a year.\n")]);
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        _server.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_invented_sentence_is_marked_inline_and_the_content_ends_with_the_sources(bool stream)
    {
        _model.Enqueue(FakeReply.Text($"试用期员工不享受带薪年假。[1] {Invented}。"));

        string content = await CompleteAsync("试用期员工可以休年假吗？", stream);

        Assert.Contains($"{Invented}。（未在资料中找到依据）", content, StringComparison.Ordinal);
        Assert.Contains("试用期员工不享受带薪年假。[1]", content, StringComparison.Ordinal);
        Assert.DoesNotContain("带薪年假。[1]（未在资料中找到依据）", content, StringComparison.Ordinal);
        string sources = content[content.IndexOf("\n\n来源：", StringComparison.Ordinal)..];
        Assert.Matches(@"\n\[1\] 员工手册 › 年假: “[^”]*试用期员工不享受带薪年假", sources);
        Assert.EndsWith("”", content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_mark_follows_the_question_language(bool stream)
    {
        _model.Enqueue(FakeReply.Text("Employees on probation do not get paid annual leave.[1] The company also pays for a trip to Mars every year."));

        string content = await CompleteAsync("Can employees on probation take paid annual leave?", stream);

        Assert.Contains("Mars every year. (not supported by the sources)", content, StringComparison.Ordinal);
        Assert.Contains("\n\nSources:\n[1] Leave policy", content, StringComparison.Ordinal);
        Assert.DoesNotContain("（未在资料中找到依据）", content, StringComparison.Ordinal);
    }

    private async Task<string> CompleteAsync(string question, bool stream)
    {
        object body = new { model = "zhiku/hr", stream, messages = new[] { new { role = "user", content = question } } };
        if (!stream)
        {
            JsonElement completion = await _admin.PostJsonAsync("/v1/chat/completions", body);
            return completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        }

        using HttpResponseMessage response = await _admin.PostAsync("/v1/chat/completions", Api.Json(body));
        var events = Api.ParseSse(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1].Data);
        return string.Concat(events.SkipLast(1)
            .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _))
            .Select(d => d.GetProperty("content").GetString()));
    }
}
