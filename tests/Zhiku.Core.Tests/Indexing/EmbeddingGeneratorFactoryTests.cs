using Zhiku.Core.Indexing.Embeddings;

namespace Zhiku.Core.Tests.Indexing;

public sealed class EmbeddingGeneratorFactoryTests
{
    [Theory]
    [InlineData("sentencepiece", null, null, null, "embedding.provider")]
    [InlineData("onnx", null, null, null, "embedding.path")]
    [InlineData("openai", null, null, "bge-m3", "embedding.base_url")]
    [InlineData("openai", null, "ftp://host/v1", "bge-m3", "embedding.base_url")]
    [InlineData("openai", null, "http://127.0.0.1:11434/v1", null, "embedding.model")]
    public void Invalid_settings_name_the_key(string provider, string? path, string? baseUrl, string? model, string key)
    {
        var settings = new EmbeddingSettings { Provider = provider, Path = path, BaseUrl = baseUrl, Model = model };

        var ex = Assert.Throws<ZhikuException>(() => EmbeddingGeneratorFactory.Validate(settings));

        Assert.Contains(key, ex.Message);
        Assert.Contains("配置项", ex.Message);
    }

    [Fact]
    public void Bad_pooling_is_refused()
    {
        var ex = Assert.Throws<ZhikuException>(() =>
            EmbeddingGeneratorFactory.Validate(new EmbeddingSettings { Provider = "onnx", Path = "/m", Pooling = "max" }, "kb.embedding."));

        Assert.Contains("kb.embedding.pooling", ex.Message);
        Assert.Contains("mean or cls", ex.Message);
    }

    [Fact]
    public async Task Onnx_provider_loads_a_folder_with_its_prefixes()
    {
        using var folder = new TempFolder();
        await BuiltinEmbeddingModel.ExportAsync(folder.Path);
        File.WriteAllText(folder.Combine("zhiku-model.json"), """{"model_id": "minilm-copy", "query_prefix": "query: "}""");

        using var generator = EmbeddingGeneratorFactory.Create(new EmbeddingSettings { Provider = "onnx", Path = folder.Path });
        var query = await generator.EmbedQueryAsync("reset password");
        var plain = await generator.EmbedDocumentsAsync(["reset password"]);

        Assert.Equal(new EmbeddingModelInfo("minilm-copy", 384), generator.Describe());
        Assert.NotEqual(query.ToArray(), plain[0].ToArray()); // the query prefix reached the model
    }
}
