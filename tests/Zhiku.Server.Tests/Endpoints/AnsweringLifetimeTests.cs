using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Zhiku.Core.Answering.Clients;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Reranking;
using Zhiku.TestSupport;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>The server builds the answering path once per process: across many questions (REST ask, follow-ups,
/// /v1 chat) zhiku.json is read once and one HttpClient is made per provider; editing zhiku.json reloads it once and
/// rebuilds only the changed provider.</summary>
public sealed class AnsweringLifetimeTests : IAsyncLifetime
{
    private const int Questions = 20;
    private FakeOpenAIServer _model = null!;
    private int _httpClients;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAIServer.StartAsync();
        _model.Responder = FakeOpenAIServer.QuoteFirstSource;
    }

    public async Task DisposeAsync() => await _model.DisposeAsync();

    private ServerFactory Server() => new(services: services => services.AddSingleton(_ => new ModelClients(provider =>
    {
        Interlocked.Increment(ref _httpClients);
        return LlmHttpPipeline.Create(provider);
    })));

    private string ModelConfig(string modelName) => $$"""
        { "llm": { "providers": [ { "name": "cloud", "kind": "openai", "base_url": "{{_model.BaseUrl}}", "model": "{{modelName}}", "local": false } ] } }
        """;

    private static async Task<HttpClient> CorpusAsync(ServerFactory server)
    {
        HttpClient admin = server.Client(await server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "corp" }, HttpStatusCode.Created);
        await admin.UploadAsync("corp", [(Corpus.PublicName, Corpus.Public)]);
        return admin;
    }

    /// <summary>Asks <see cref="Questions"/> questions: half through REST ask, half through /v1 with a follow-up turn.</summary>
    private static async Task<List<JsonElement>> AskManyAsync(HttpClient client)
    {
        var answers = new List<JsonElement>();
        for (int i = 0; i < Questions / 2; i++)
        {
            answers.Add(await client.PostJsonAsync("/api/kbs/corp/ask", new { question = "差旅费用多久内报销？" }));
            answers.Add(await client.PostJsonAsync("/v1/chat/completions", new
            {
                model = "zhiku/corp",
                messages = new[]
                {
                    new { role = "user", content = "差旅费用多久内报销？" },
                    new { role = "assistant", content = "三十天内。" },
                    new { role = "user", content = "那住宿呢？" },
                },
            }));
        }

        return answers;
    }

    [Fact]
    public async Task Extractive_answers_read_the_configuration_once_and_build_no_model_client()
    {
        using ServerFactory server = Server();
        File.WriteAllText(Path.Combine(server.Store, "zhiku.json"), """{ "answering": { "top_k": 5 } }""");
        HttpClient admin = await CorpusAsync(server);

        List<JsonElement> answers = await AskManyAsync(admin);

        Assert.Equal(Questions, answers.Count);
        Assert.All(answers.Where(a => a.TryGetProperty("mode", out _)), a => Assert.Equal("extractive", a.GetProperty("mode").GetString()));
        Assert.Equal(1, server.ServerStore.Store.Configuration.LoadCount);
        Assert.Equal(0, _httpClients);
        Assert.Empty(_model.Requests);
    }

    [Fact]
    public async Task Model_answers_read_the_configuration_once_and_share_one_http_client()
    {
        using ServerFactory server = Server();
        File.WriteAllText(Path.Combine(server.Store, "zhiku.json"), ModelConfig("cloud-test"));
        HttpClient admin = await CorpusAsync(server);

        List<JsonElement> answers = await AskManyAsync(admin);

        Assert.All(answers.Where(a => a.TryGetProperty("mode", out _)), a => Assert.Equal("llm", a.GetProperty("mode").GetString()));
        Assert.True(_model.ChatRequests.Count >= Questions, $"{_model.ChatRequests.Count} model requests");
        Assert.Equal(1, server.ServerStore.Store.Configuration.LoadCount);
        Assert.Equal(1, _httpClients);
    }

    [Fact]
    public async Task Editing_zhiku_json_reloads_it_once_and_rebuilds_the_changed_provider()
    {
        using ServerFactory server = Server();
        string config = Path.Combine(server.Store, "zhiku.json");
        File.WriteAllText(config, ModelConfig("cloud-test"));
        HttpClient admin = await CorpusAsync(server);
        await admin.PostJsonAsync("/api/kbs/corp/ask", new { question = "差旅费用多久内报销？" });

        File.WriteAllText(config, ModelConfig("cloud-renamed-model"));
        for (int i = 0; i < 3; i++)
        {
            await admin.PostJsonAsync("/api/kbs/corp/ask", new { question = "差旅费用多久内报销？" });
        }

        Assert.Equal(2, server.ServerStore.Store.Configuration.LoadCount);
        Assert.Equal(2, _httpClients);
        Assert.Equal("cloud-renamed-model", _model.ChatRequests[^1].Json!["model"]!.GetValue<string>());
        Assert.Equal(3, _model.ChatRequests.Count(r => r.Json!["model"]!.GetValue<string>() == "cloud-renamed-model"));
    }

    [Fact]
    public async Task Two_knowledge_bases_with_one_embedding_model_share_one_generator_across_questions()
    {
        int generators = 0;
        using ServerFactory server = new(services: services => services.AddSingleton(_ => new EmbeddingGenerators(create: settings =>
        {
            Interlocked.Increment(ref generators);
            return EmbeddingGeneratorFactory.Create(settings);
        })));
        File.WriteAllText(Path.Combine(server.Store, "zhiku.json"), $$"""
            { "embedding": { "provider": "openai", "base_url": "{{_model.BaseUrl}}", "model": "emb-test", "languages": ["*"] } }
            """);
        HttpClient admin = await CorpusAsync(server);
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);

        List<JsonElement> answers = await AskManyAsync(admin);
        for (int i = 0; i < 5; i++)
        {
            answers.Add(await admin.PostJsonAsync("/api/kbs/hr/ask", new { question = "差旅费用多久内报销？" }));
        }

        Assert.Equal(Questions + 5, answers.Count);
        Assert.Equal(1, generators);
        Assert.Same(server.Services.GetRequiredService<EmbeddingGenerators>(), server.ServerStore.Store.Embeddings);
        Assert.Equal(1, server.ServerStore.Store.Embeddings.Created);
    }

    [Fact]
    public async Task Two_knowledge_bases_with_one_reranker_share_one_cross_encoder_across_questions()
    {
        int loaded = 0;
        var encoder = new LengthCrossEncoder();
        using ServerFactory server = new(services: services => services.AddSingleton(_ => new CrossEncoders(create: folder =>
        {
            Interlocked.Increment(ref loaded);
            return encoder;
        })));
        string folder = Path.Combine(server.Store, "models", "reranker");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(server.Store, "zhiku.json"), """
            { "retrieval": { "reranker": "models/reranker", "rerank_budget_ms": 60000 } }
            """);
        HttpClient admin = await CorpusAsync(server);
        await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await admin.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);

        List<JsonElement> answers = await AskManyAsync(admin);
        for (int i = 0; i < 5; i++)
        {
            answers.Add(await admin.PostJsonAsync("/api/kbs/hr/ask", new { question = "差旅费用多久内报销？" }));
        }

        Assert.Equal(Questions + 5, answers.Count);
        Assert.Equal(1, loaded);
        Assert.True(encoder.Calls >= Questions + 5, $"{encoder.Calls} rerank calls");
        Assert.Same(server.Services.GetRequiredService<CrossEncoders>(), server.ServerStore.Store.CrossEncoders);
        Assert.Equal(1, server.ServerStore.Store.CrossEncoders.Created);
    }

    /// <summary>Scores a passage by its length and counts the calls (thread-safe: questions may overlap).</summary>
    private sealed class LengthCrossEncoder : ICrossEncoder
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<IReadOnlyList<float>> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult<IReadOnlyList<float>>([.. passages.Select(p => (float)p.Length)]);
        }
    }
}
