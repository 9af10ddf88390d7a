using System.Net;
using System.Text.Json;
using Zhiku.Core.Storage;
using Zhiku.TestSupport;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>The server answers through the same model path as `zhiku ask`: configured model, caller's access inside
/// retrieval, privacy filter for a cloud model, audit log with the caller's name.</summary>
public sealed class ModelAnswerTests : IAsyncLifetime
{
    private readonly ServerFactory server = new();
    private FakeOpenAIServer model = null!;
    private HttpClient admin = null!;
    private HttpClient outsider = null!;

    public async Task InitializeAsync()
    {
        model = await FakeOpenAIServer.StartAsync();
        model.Responder = FakeOpenAIServer.QuoteFirstSource;
        File.WriteAllText(Path.Combine(server.Store, "zhiku.json"), $$"""
            { "llm": { "providers": [ { "name": "cloud", "kind": "openai", "base_url": "{{model.BaseUrl}}", "model": "cloud-test", "local": false } ] } }
            """);
        admin = server.Client(server.AddUser("admin", "admin"));
        outsider = server.Client(server.AddUser("olga", "reader"));
        await admin.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);
        await admin.PutAsync("/api/kbs/corp/access", Api.Json(new { user = "*", role = "reader" }));
        await admin.UploadAsync("corp", [(Corpus.PublicName, Corpus.Public)]);
        await admin.UploadAsync("corp", [(Corpus.SecretName, Corpus.Secret)], groups: "hr");
    }

    public async Task DisposeAsync()
    {
        await model.DisposeAsync();
        server.Dispose();
    }

    [Fact]
    public async Task A_reader_gets_a_model_answer_built_only_from_documents_they_may_read()
    {
        JsonElement answer = await outsider.PostJsonAsync("/api/kbs/corp/ask", new { question = "薪酬调整方案什么时候公布？" });

        Assert.Equal("llm", answer.GetProperty("mode").GetString());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("model").GetString()));
        string sent = string.Join("\n", model.ChatRequests.Select(r => r.MessageText));
        Assert.Contains("薪酬调整方案每年四月公布", sent);
        Assert.DoesNotContain(Corpus.Canary, sent);
        Assert.DoesNotContain(Corpus.Canary, answer.GetRawText());

        var audit = new AuditLog(server.ServerStore.Store.Metadata).List();
        Assert.Contains(audit, r => r.User == "olga" && r.Model == "cloud-test" && !r.Local);
    }
}
