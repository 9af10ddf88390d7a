using System.Net;
using System.Text.Json;

namespace Zhiku.Server.Tests.Endpoints;

public sealed class SearchAskTests : IAsyncLifetime
{
    private static readonly string[] SearchFields = ["doc_id", "external_id", "chunk_id", "title", "source", "heading", "page", "score", "text"];
    private static readonly string[] AskFields = ["found", "answer", "mode", "confidence", "citations", "closest", "model", "sentences", "grounded_share", "flagged", "notice"];
    private static readonly string[] CitationFields = ["n", "doc_id", "external_id", "chunk_id", "title", "source", "heading", "page", "quote", "start", "end"];
    private readonly ServerFactory _server = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        await _admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await _admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);
    }

    [Fact]
    public async Task Search_and_ask_bodies_have_the_cli_json_fields()
    {
        JsonElement search = await _admin.PostJsonAsync("/api/kbs/hr/search", new { query = "年假", top = 3 });
        Assert.Equal(["results"], search.EnumerateObject().Select(p => p.Name));
        Assert.Equal(SearchFields, search.GetProperty("results")[0].EnumerateObject().Select(p => p.Name));

        JsonElement ask = await _admin.PostJsonAsync("/api/kbs/hr/ask", new { question = "试用期员工可以休年假吗？" });
        Assert.Equal(AskFields, ask.EnumerateObject().Select(p => p.Name));
        Assert.True(ask.GetProperty("found").GetBoolean());
        Assert.Equal(CitationFields, ask.GetProperty("citations")[0].EnumerateObject().Select(p => p.Name));
        Assert.Contains("[1]", ask.GetProperty("answer").GetString(), StringComparison.Ordinal);

        JsonElement notFound = await _admin.PostJsonAsync("/api/kbs/hr/ask", new { question = "火星基地的氧气储量是多少？" });
        Assert.False(notFound.GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task Ask_streams_deltas_then_the_same_answer_as_json()
    {
        const string question = "试用期员工可以休年假吗？";
        JsonElement json = await _admin.PostJsonAsync("/api/kbs/hr/ask", new { question });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/kbs/hr/ask") { Content = Api.Json(new { question, save = true }) };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using HttpResponseMessage response = await _admin.SendAsync(request);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = Api.ParseSse(await response.Content.ReadAsStringAsync());
        Assert.Equal("session", events[0].Event);
        Assert.Equal(["answer", "done"], events.TakeLast(2).Select(e => e.Event));
        string streamed = string.Concat(events.Where(e => e.Event == "delta").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString()));
        JsonElement answer = JsonDocument.Parse(events[^2].Data).RootElement;
        Assert.Equal(json.GetProperty("answer").GetString(), streamed);
        Assert.Equal(json.GetRawText(), answer.GetRawText());

        long session = JsonDocument.Parse(events[0].Data).RootElement.GetProperty("session_id").GetInt64();
        JsonElement history = await _admin.GetJsonAsync($"/api/chats/{session}");
        Assert.Equal(["user", "assistant"], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        JsonElement follow = await _admin.PostJsonAsync("/api/kbs/hr/ask", new { question = "那正式员工呢？", session_id = session });
        Assert.True(follow.GetProperty("found").GetBoolean());
        Assert.Equal(4, (await _admin.GetJsonAsync($"/api/chats/{session}")).GetProperty("messages").GetArrayLength());
        Assert.Single((await _admin.GetJsonAsync("/api/chats")).GetProperty("sessions").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/chats/{session}")).StatusCode);
    }

    [Theory]
    [InlineData("{\"query\":", "not valid JSON")]
    [InlineData("{\"top\":3}", "'query'")]
    [InlineData("{\"query\":\"年假\",\"top\":\"many\"}", "'top'")]
    [InlineData("{\"query\":\"年假\",\"top\":0}", "'top'")]
    [InlineData("{\"query\":\"   \"}", "'query'")]
    [InlineData("[1,2]", "JSON")]
    [InlineData("", "JSON")]
    public async Task Malformed_json_is_a_400_naming_the_field(string body, string mentions)
    {
        using HttpResponseMessage response = await _admin.PostAsync("/api/kbs/hr/search", Api.RawJson(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentions, (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_syntax_and_unknown_knowledge_bases_are_handled()
    {
        foreach (string query in new[] { "\"(年假 AND", "!!!", "*?~^", new string('假', 10_000) })
        {
            Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync("/api/kbs/hr/search", Api.Json(new { query }))).StatusCode);
        }

        JsonElement tooLong = await _admin.PostJsonAsync("/api/kbs/hr/search", new { query = new string('a', 10_001) }, HttpStatusCode.BadRequest);
        Assert.Contains("'query'", tooLong.GetProperty("detail").GetString(), StringComparison.Ordinal);
        JsonElement unknown = await _admin.PostJsonAsync("/api/kbs/nope/search", new { query = "x" }, HttpStatusCode.NotFound);
        Assert.Contains("'nope'", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await _admin.PostJsonAsync("/api/kbs/hr/ask", new { question = "" }, HttpStatusCode.BadRequest);
        using HttpResponseMessage text = await _admin.PostAsync("/api/kbs/hr/search", new StringContent("年假"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        return Task.CompletedTask;
    }
}
