using Zhiku.Core.Configuration;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Fusion;
using Zhiku.Core.Indexing.Hybrid;

namespace Zhiku.Core.Tests.Configuration;

public sealed class RetrievalConfigurationTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public void Dispose() => _temp.Dispose();

    private ZhikuConfiguration Load(string json) =>
        ZhikuConfigurationLoader.Load(_temp.File(ZhikuConfigurationLoader.FileName, json), name => _env.GetValueOrDefault(name));

    [Fact]
    public void WithoutConfigurationTheBuiltinEnglishModelAndDefaultWeightsApply()
    {
        RetrievalConfiguration config = ZhikuConfigurationLoader.Load(null, _ => null).ResolveRetrievalFor("default");
        Assert.Equal("builtin", config.Embedding.Provider);
        Assert.Equal(["en"], config.Embedding.EffectiveLanguages);
        Assert.True(config.DenseEnabled);
        Assert.Equal(60, config.Settings.Fusion.RrfK);
        Assert.Equal(FusionMethod.Convex, config.Settings.Fusion.Method);
        Assert.Equal(0.7, config.Settings.Fusion.KeywordWeight);
        Assert.Equal(0.3, config.Settings.Fusion.DenseWeight);
        Assert.Equal(EmbeddingDefaults.BuiltinModelId, EmbeddingGeneratorFactory.ModelIdOf(config.Embedding));
    }

    [Fact]
    public void KnowledgeBaseSectionsOverrideTheStoreWideOnes()
    {
        _temp.File("legal-terms.txt", "民法典\n");
        _env["EMB_KEY"] = "sk-embedding";
        ZhikuConfiguration config = Load("""
            {
              "embedding": { "provider": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "bge-m3", "api_key_env": "EMB_KEY", "languages": ["zh", "en"], "query_prefix": "query: " },
              "retrieval": { "fusion": "rrf", "dense_weight": 0.5, "rrf_k": 30, "candidates": 50 },
              "knowledge_bases": {
                "legal": { "embedding": { "provider": "none" }, "retrieval": { "keyword_weight": 2 }, "user_dictionary": "legal-terms.txt" }
              }
            }
            """);

        RetrievalConfiguration wide = config.ResolveRetrievalFor("default");
        Assert.Equal("openai:bge-m3", EmbeddingGeneratorFactory.ModelIdOf(wide.Embedding));
        Assert.Equal("sk-embedding", wide.Embedding.ApiKey);
        Assert.Equal("query: ", wide.Embedding.QueryPrefix);
        Assert.Equal(["zh", "en"], wide.Embedding.EffectiveLanguages);
        Assert.Equal(0.5, wide.Settings.Fusion.DenseWeight);
        Assert.Equal(30, wide.Settings.Fusion.RrfK);
        Assert.Equal(FusionMethod.Rrf, wide.Settings.Fusion.Method);

        RetrievalConfiguration legal = config.ResolveRetrievalFor("legal");
        Assert.False(legal.DenseEnabled);
        Assert.Equal(2, legal.Settings.Fusion.KeywordWeight);
        Assert.Equal(0.5, legal.Settings.Fusion.DenseWeight);
        Assert.Equal(FusionMethod.Rrf, legal.Settings.Fusion.Method);
        Assert.Equal(Path.Combine(_temp.Path, "legal-terms.txt"), legal.Settings.UserDictionaryPath);
    }

    [Theory]
    [InlineData("""{ "embedding": { "provider": "bert" } }""", "embedding.provider")]
    [InlineData("""{ "embedding": { "provider": "onnx" } }""", "embedding.path")]
    [InlineData("""{ "embedding": { "provider": "onnx", "path": "no-such-folder" } }""", "embedding.path")]
    [InlineData("""{ "embedding": { "provider": "openai", "model": "m" } }""", "embedding.base_url")]
    [InlineData("""{ "embedding": { "modle": "m" } }""", "embedding.modle")]
    [InlineData("""{ "embedding": { "api_key": "sk-1" } }""", "api_key_env")]
    [InlineData("""{ "embedding": { "languages": ["fr"] } }""", "embedding.languages")]
    [InlineData("""{ "retrieval": { "dense_weight": -1 } }""", "retrieval.dense_weight")]
    [InlineData("""{ "retrieval": { "rrf": 60 } }""", "retrieval.rrf")]
    [InlineData("""{ "retrieval": { "fusion": "sum" } }""", "retrieval.fusion")]
    [InlineData("""{ "retrieval": { "reranker": "missing-model" } }""", "retrieval.reranker")]
    [InlineData("""{ "knowledge_bases": { "x": { "user_dictionary": "missing.txt" } } }""", "knowledge_bases.x.user_dictionary")]
    [InlineData("""{ "knowledge_bases": { "x": { "retrieval": { "candidates": 0 } } } }""", "knowledge_bases.x.retrieval.candidates")]
    public void InvalidRetrievalConfigurationNamesTheKey(string json, string key)
    {
        var ex = Assert.Throws<ZhikuException>(() => Load(json));
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }
}
