using Microsoft.Extensions.AI;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Hybrid;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>Embedding generators are built once per process and settings: knowledge bases opened again, or others
/// with the same model, share the one generator (one HttpClient, one model load).</summary>
public sealed class EmbeddingGeneratorsTests
{
    private static EmbeddingSettings Remote(LoopbackEmbeddingServer server, string model = "bge-m3") =>
        new() { Provider = "openai", BaseUrl = server.BaseUrl, Model = model, Languages = ["*"] };

    [Fact]
    public async Task Several_opens_of_two_knowledge_bases_and_their_questions_build_one_generator()
    {
        using var server = new LoopbackEmbeddingServer();
        using var temp = new TempFolder();
        int built = 0;
        using var generators = new EmbeddingGenerators(create: s =>
        {
            Interlocked.Increment(ref built);
            return EmbeddingGeneratorFactory.Create(s);
        });
        ZhikuStore store = ZhikuStore.Open(temp.Path);
        store.Embeddings = generators;
        var retrieval = new RetrievalConfiguration { Embedding = Remote(server) };

        foreach (string name in new[] { "hr", "finance", "hr", "finance", "hr" })
        {
            using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync(name, create: (await store.KnowledgeBases.FindAsync(name)) is null, retrieval);
            await TestDocuments.LoadAsync(kb, ("leave-" + name, "年假", "员工每年享有五天带薪年假。"));
            await kb.UpdateVectorsAsync();
            for (int question = 0; question < 4; question++)
            {
                Assert.NotEmpty(await kb.SearchAsync("年假几天？"));
            }
        }

        Assert.Equal(1, built);
        Assert.Equal(1, generators.Created);
        Assert.Contains(server.Requests, r => r.Body["input"]!.AsArray().Count == 1 && r.Body["input"]![0]!.GetValue<string>() == "年假几天？");
    }

    [Fact]
    public async Task Disposing_a_user_keeps_the_shared_generator_open_and_other_settings_get_their_own()
    {
        using var server = new LoopbackEmbeddingServer();
        using var generators = new EmbeddingGenerators();

        IEmbeddingGenerator<string, Embedding<float>> first = generators.Get(Remote(server));
        first.Dispose(); // a knowledge base closing
        IEmbeddingGenerator<string, Embedding<float>> again = generators.Get(Remote(server) with { Languages = ["zh"] });
        await again.EmbedQueryAsync("仍然可用"); // the HttpClient under it was not disposed

        Assert.Same(first, again);
        Assert.NotSame(first, generators.Get(Remote(server, "other-model")));
        Assert.Equal(2, generators.Created);

        generators.Dispose();
        Assert.Throws<ObjectDisposedException>(() => generators.Get(Remote(server)));
    }

    [Fact]
    public void A_failed_build_is_not_kept()
    {
        using var server = new LoopbackEmbeddingServer();
        int attempts = 0;
        using var generators = new EmbeddingGenerators(create: s => ++attempts == 1
            ? throw ZhikuException.InvalidInput("model folder missing", "embedding.path")
            : EmbeddingGeneratorFactory.Create(s));

        Assert.Equal("embedding.path", Assert.Throws<ZhikuException>(() => generators.Get(Remote(server))).Subject);
        Assert.NotNull(generators.Get(Remote(server)));
        Assert.Equal(2, attempts);
        Assert.Equal(1, generators.Created);
    }
}
