using Microsoft.Extensions.AI;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Clients;
using Zhiku.Core.Configuration;
using Zhiku.TestSupport;

namespace Zhiku.Core.Tests.Answering;

/// <summary>The OpenAI-compatible client over real HTTP against the loopback fake server.</summary>
public sealed class OpenAICompatibleClientTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private LlmProviderSettings Provider(bool maxCompletion = false, bool streamOptions = false) =>
        new("test", LlmProviderKind.OpenAI, "fake-model")
        {
            BaseUrl = _server.BaseUrl,
            ApiKey = "sk-test-secret",
            SendMaxCompletionTokens = maxCompletion,
            SendStreamOptions = streamOptions,
            Timeout = TimeSpan.FromSeconds(2),
            TotalTimeout = TimeSpan.FromSeconds(8),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            MaxOutputTokens = 321,
        };

    [Fact]
    public async Task Sends_max_tokens_and_no_stream_options_by_default()
    {
        _server.Enqueue(FakeReply.Text("你好"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
        {
        }

        RecordedRequest request = Assert.Single(_server.ChatRequests);
        Assert.True(request.IsStreaming);
        Assert.Equal(321, request.Json!["max_tokens"]!.GetValue<int>());
        Assert.False(request.HasProperty("max_completion_tokens"));
        Assert.False(request.HasProperty("stream_options"));
        Assert.Equal("Bearer sk-test-secret", request.Headers["Authorization"]);
        Assert.Equal("fake-model", request.Json!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sends_the_openai_fields_when_switched_on()
    {
        _server.Enqueue(FakeReply.Text("hello"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider(maxCompletion: true, streamOptions: true));

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
        {
        }

        RecordedRequest request = Assert.Single(_server.ChatRequests);
        Assert.Equal(321, request.Json!["max_completion_tokens"]!.GetValue<int>());
        Assert.False(request.HasProperty("max_tokens"));
        Assert.True(request.HasProperty("stream_options"));
    }

    [Fact]
    public async Task Non_streaming_answer_is_read()
    {
        _server.Enqueue(FakeReply.Text("员工每年享有5天年假[1]。", model: "qwen-test"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        ChatResponse response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal("员工每年享有5天年假[1]。", response.Text);
        Assert.Equal("qwen-test", response.ModelId);
        Assert.False(Assert.Single(_server.ChatRequests).IsStreaming);
    }

    [Fact]
    public async Task Retries_after_429_honouring_retry_after_then_succeeds()
    {
        _server.Enqueue(FakeReply.Status(429, retryAfterSeconds: 1), FakeReply.Text("ok"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        ChatResponse response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, _server.ChatRequests.Count);
        Assert.Equal(_server.ChatRequests[0].Body, _server.ChatRequests[1].Body);
    }

    [Fact]
    public async Task Retries_after_503_and_a_slow_attempt_then_succeeds()
    {
        _server.Enqueue(FakeReply.Status(503), FakeReply.Delay(TimeSpan.FromSeconds(30)), FakeReply.Text("ok"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        ChatResponse response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal("ok", response.Text);
        Assert.Equal(3, _server.ChatRequests.Count);
    }

    [Fact]
    public async Task Does_not_retry_a_400()
    {
        _server.Enqueue(FakeReply.Status(400, message: "max_completion_tokens is not supported"), FakeReply.Text("never"));
        using IChatClient client = LlmClientFactory.CreateChatClient(Provider());

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Single(_server.ChatRequests);
    }

    [Fact]
    public async Task Embeddings_come_from_the_configured_embedding_model()
    {
        using IEmbeddingGenerator<string, Embedding<float>> generator =
            LlmClientFactory.CreateEmbeddingGenerator(Provider() with { EmbeddingModel = "fake-embed" })!;

        GeneratedEmbeddings<Embedding<float>> vectors = await generator.GenerateAsync(["年假", "annual leave"]);

        Assert.Equal(2, vectors.Count);
        Assert.Equal(256, vectors[0].Vector.Length);
        RecordedRequest request = Assert.Single(_server.Requests, r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));
        Assert.Equal("fake-embed", request.Json!["model"]!.GetValue<string>());
    }

    [Fact]
    public void Compatibility_rewrite_keeps_an_explicit_max_tokens_and_ignores_non_json()
    {
        var handler = new OpenAICompatibilityHandler(sendMaxCompletionTokens: false, sendStreamOptions: false);

        string rewritten = System.Text.Encoding.UTF8.GetString(handler.Rewrite("""{"max_completion_tokens":5,"max_tokens":7,"stream_options":{"include_usage":true}}"""u8.ToArray()));

        Assert.Equal("""{"max_tokens":7}""", rewritten);
        byte[] notJson = "not json"u8.ToArray();
        Assert.Same(notJson, handler.Rewrite(notJson));
    }
}
