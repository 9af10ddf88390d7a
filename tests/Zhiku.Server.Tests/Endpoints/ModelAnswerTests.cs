using System.Net;
using System.Text.Json;
using Zhiku.Core.Storage;
using Zhiku.TestSupport;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>The server answers through the same model path as `zhiku ask`: configured model, caller's access inside
/// retrieval, privacy filter for a cloud model, audit log with the caller's name.</summary>
public sealed class ModelAnswerTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new();
    private FakeOpenAIServer _model = null!;
    private HttpClient _admin = null!;
    private HttpClient _outsider = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAIServer.StartAsync();
        _model.Responder = FakeOpenAIServer.QuoteFirstSource;
        File.WriteAllText(Path.Combine(_server.Store, "zhiku.json"), $$"""
            { "llm": { "providers": [ { "name": "cloud", "kind": "openai", "base_url": "{{_model.BaseUrl}}", "model": "cloud-test", "local": false } ] } }
            """);
        _admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        _outsider = _server.Client(await _server.AddUserAsync("olga", "reader"));
        await _admin.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);
        await _admin.PutAsync("/api/kbs/corp/access", Api.Json(new { user = "*", role = "reader" }));
        await _admin.UploadAsync("corp", [(Corpus.PublicName, Corpus.Public)]);
        await _admin.UploadAsync("corp", [(Corpus.SecretName, Corpus.Secret)], groups: "hr");
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        _server.Dispose();
    }

    [Fact]
    public async Task A_reader_gets_a_model_answer_built_only_from_documents_they_may_read()
    {
        JsonElement answer = await _outsider.PostJsonAsync("/api/kbs/corp/ask", new { question = "薪酬调整方案什么时候公布？" });

        Assert.Equal("llm", answer.GetProperty("mode").GetString());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("model").GetString()));
        string sent = string.Join("\n", _model.ChatRequests.Select(r => r.MessageText));
        Assert.Contains("薪酬调整方案每年四月公布", sent);
        Assert.DoesNotContain(Corpus.Canary, sent);
        Assert.DoesNotContain(Corpus.Canary, answer.GetRawText());

        var audit = await _server.ServerStore.Store.Audit.ListAsync();
        Assert.Contains(audit, r => r.User == "olga" && r.Model == "cloud-test" && !r.Local);
    }
}
