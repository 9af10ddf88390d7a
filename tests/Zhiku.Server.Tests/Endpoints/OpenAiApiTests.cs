using System.Net;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace Zhiku.Server.Tests.Endpoints;

public sealed class OpenAiApiTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new();
    private HttpClient _admin = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _key = await _server.AddUserAsync("admin", "admin");
        _admin = _server.Client(_key);
        await _admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await _admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);
    }

    [Fact]
    public async Task Models_and_completions_in_the_openai_shape_with_citations()
    {
        JsonElement models = await _admin.GetJsonAsync("/v1/models");
        Assert.Equal("list", models.GetProperty("object").GetString());
        Assert.Equal("zhiku/hr", models.GetProperty("data")[0].GetProperty("id").GetString());

        JsonElement completion = await _admin.PostJsonAsync("/v1/chat/completions", new
        {
            model = "zhiku/hr",
            temperature = 0.2,
            messages = new object[] { new { role = "system", content = "be brief" }, new { role = "user", content = new[] { new { type = "text", text = "试用期员工可以休年假吗？" } } } },
        });
        Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
        string content = completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Contains("[1]", content, StringComparison.Ordinal);
        Assert.Contains("来源", content, StringComparison.Ordinal);
        Assert.Equal(1, completion.GetProperty("citations")[0].GetProperty("n").GetInt32());

        using HttpResponseMessage stream = await _admin.PostAsync("/v1/chat/completions", Api.Json(new { model = "zhiku/hr", stream = true, messages = new[] { new { role = "user", content = "试用期员工可以休年假吗？" } } }));
        var events = Api.ParseSse(await stream.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        string streamed = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta")).Where(d => d.TryGetProperty("content", out _)).Select(d => d.GetProperty("content").GetString()));
        Assert.Equal(content, streamed);
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(1, chunks[^1].GetProperty("citations").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_models_and_missing_messages_are_openai_style_errors()
    {
        JsonElement unknown = await _admin.PostJsonAsync("/v1/chat/completions", new { model = "gpt-4o", messages = new[] { new { role = "user", content = "hi" } } }, HttpStatusCode.NotFound);
        Assert.Equal("model_not_found", unknown.GetProperty("error").GetProperty("code").GetString());
        JsonElement noUser = await _admin.PostJsonAsync("/v1/chat/completions", new { model = "zhiku/hr", messages = new[] { new { role = "system", content = "hi" } } }, HttpStatusCode.BadRequest);
        Assert.Contains("messages", noUser.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        await _admin.PostJsonAsync("/v1/chat/completions", new { model = "zhiku/hr" }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Mcp_lists_tools_and_answers()
    {
        await using McpClient client = await McpSession.ConnectAsync(_server, _key);
        var tools = await client.ListToolsAsync();
        Assert.Equal(["ask", "list_knowledge_bases", "search"], tools.Select(t => t.Name).Order());
        (string kbs, _) = await client.CallAsync("list_knowledge_bases", []);
        Assert.Contains("\"hr\"", kbs, StringComparison.Ordinal);
        (string answer, bool error) = await client.CallAsync("ask", new() { ["kb"] = "hr", ["question"] = "试用期员工可以休年假吗？" });
        Assert.False(error);
        Assert.True(JsonDocument.Parse(answer).RootElement.GetProperty("found").GetBoolean());
        (string missing, bool isError) = await client.CallAsync("search", new() { ["kb"] = "nope", ["query"] = "x" });
        Assert.True(isError);
        Assert.Contains("'nope'", missing, StringComparison.Ordinal);
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        return Task.CompletedTask;
    }
}
