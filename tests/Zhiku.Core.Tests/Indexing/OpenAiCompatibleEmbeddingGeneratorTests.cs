using System.Numerics.Tensors;
using Zhiku.Core.Indexing.Embeddings;

namespace Zhiku.Core.Tests.Indexing;

public sealed class OpenAiCompatibleEmbeddingGeneratorTests
{
    [Fact]
    public async Task Sends_model_input_and_key_and_returns_normalised_vectors_in_input_order()
    {
        using var server = new LoopbackEmbeddingServer();
        using var generator = new OpenAiCompatibleEmbeddingGenerator(
            new OpenAiEmbeddingOptions(new Uri(server.BaseUrl), "bge-m3") { ApiKey = "sk-test", BatchSize = 2 });
        string[] texts = ["alpha", "bb", "gamma ray"];

        var embeddings = await generator.GenerateAsync(texts);

        Assert.Equal(2, server.Requests.Count); // 3 texts, batch size 2
        var (path, authorization, body) = server.Requests[0];
        Assert.Equal("/v1/embeddings", path);
        Assert.Equal("Bearer sk-test", authorization);
        Assert.Equal("bge-m3", body["model"]!.GetValue<string>());
        Assert.Equal("float", body["encoding_format"]!.GetValue<string>());
        Assert.Equal(["alpha", "bb"], body["input"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(body["dimensions"]);
        for (int i = 0; i < texts.Length; i++)
        {
            float[] expected = LoopbackEmbeddingServer.VectorFor(texts[i]);
            TensorPrimitives.Divide(expected, TensorPrimitives.Norm(expected), expected);
            Assert.Equal(expected, embeddings[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task Factory_applies_query_and_document_prefixes_and_reports_model_identity()
    {
        using var server = new LoopbackEmbeddingServer();
        using var generator = EmbeddingGeneratorFactory.Create(new EmbeddingSettings
        {
            Provider = "openai",
            BaseUrl = server.BaseUrl,
            Model = "multilingual-e5",
            QueryPrefix = "query: ",
            DocumentPrefix = "passage: ",
            Dimensions = 3,
        });

        await generator.EmbedQueryAsync("what is zhiku");
        await generator.EmbedDocumentsAsync(["zhiku is a knowledge base"]);

        Assert.Equal("query: what is zhiku", server.Requests[0].Body["input"]![0]!.GetValue<string>());
        Assert.Equal("passage: zhiku is a knowledge base", server.Requests[1].Body["input"]![0]!.GetValue<string>());
        Assert.Equal(3, server.Requests[0].Body["dimensions"]!.GetValue<int>());
        Assert.Null(server.Requests[0].Body["zhiku.input_kind"]);
        Assert.Equal(new EmbeddingModelInfo("openai:multilingual-e5", 3), generator.Describe());
    }

    [Fact]
    public async Task Retries_server_errors_then_succeeds()
    {
        using var server = new LoopbackEmbeddingServer();
        server.FailNext(503, 429);
        using var generator = new OpenAiCompatibleEmbeddingGenerator(
            new OpenAiEmbeddingOptions(new Uri(server.BaseUrl), "m") { MaxRetries = 2 });

        var embeddings = await generator.GenerateAsync(["x"]);

        Assert.Equal(3, server.Requests.Count);
        Assert.Single(embeddings);
    }

    [Fact]
    public async Task Unauthorized_is_reported_with_the_key_to_fix_and_not_retried()
    {
        using var server = new LoopbackEmbeddingServer();
        server.FailNext(401);
        using var generator = new OpenAiCompatibleEmbeddingGenerator(new OpenAiEmbeddingOptions(new Uri(server.BaseUrl), "m"));

        var ex = await Assert.ThrowsAsync<ZhikuException>(() => generator.GenerateAsync(["x"]));

        Assert.Equal(ErrorKind.Forbidden, ex.Kind);
        Assert.Equal("embedding.api_key", ex.Subject);
        Assert.Contains("embedding.api_key", ex.Message);
        Assert.Contains(server.BaseUrl.TrimEnd('/') + "/embeddings", ex.Message);
        Assert.Contains("请检查 embedding.api_key", ex.Message);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(503, ErrorKind.Unavailable, "embedding.base_url")]
    [InlineData(429, ErrorKind.Unavailable, "embedding.base_url")]
    [InlineData(403, ErrorKind.Forbidden, "embedding.api_key")]
    [InlineData(404, ErrorKind.InvalidInput, "embedding.base_url")]
    [InlineData(400, ErrorKind.InvalidInput, null)]
    public async Task A_failed_call_is_a_zhiku_error_of_the_kind_the_status_means(int status, ErrorKind kind, string? subject)
    {
        using var server = new LoopbackEmbeddingServer();
        server.FailNext(status);
        using var generator = new OpenAiCompatibleEmbeddingGenerator(
            new OpenAiEmbeddingOptions(new Uri(server.BaseUrl), "m") { MaxRetries = 0 });

        var ex = await Assert.ThrowsAsync<ZhikuException>(() => generator.GenerateAsync(["x"]));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(subject, ex.Subject);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Fact]
    public async Task A_service_that_does_not_answer_is_unavailable()
    {
        string baseUrl;
        using (var server = new LoopbackEmbeddingServer())
        {
            baseUrl = server.BaseUrl;
        }

        using var generator = new OpenAiCompatibleEmbeddingGenerator(
            new OpenAiEmbeddingOptions(new Uri(baseUrl), "m") { MaxRetries = 0 });

        var ex = await Assert.ThrowsAsync<ZhikuException>(() => generator.GenerateAsync(["x"]));

        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.Equal("embedding.base_url", ex.Subject);
    }
}
