using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using Zhiku.Core.Configuration;

namespace Zhiku.Core.Answering.Clients;

/// <summary>Creates the <see cref="IChatClient"/> (and optional embedding generator) for a configured provider.</summary>
public static class LlmClientFactory
{
    // The OpenAI client insists on a credential; keyless local servers (Ollama, llama.cpp) ignore this one.
    private const string NoKey = "no-key";

    /// <summary>
    /// Creates the chat client. Provider defaults (max output tokens, temperature) are applied to every request
    /// that does not set them. Creating never contacts the model: an OpenAI client connects on first request,
    /// a LLamaSharp model loads on first request.
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <param name="innerHandler">OpenAI-compatible only: replaces the network transport (tests, proxies).</param>
    public static IChatClient CreateChatClient(LlmProviderSettings provider, HttpMessageHandler? innerHandler = null)
    {
        IChatClient inner = provider.Kind switch
        {
            LlmProviderKind.OpenAI => CreateOpenAIChatClient(provider, innerHandler),
            _ => new LlamaSharpChatClient(provider),
        };

        return WithProviderDefaults(inner, provider);
    }

    private static IChatClient WithProviderDefaults(IChatClient inner, LlmProviderSettings provider) =>
        new ChatClientBuilder(inner)
            .ConfigureOptions(options =>
            {
                options.MaxOutputTokens ??= provider.MaxOutputTokens;
                options.Temperature ??= provider.Temperature;
            })
            .Build();

    /// <summary>
    /// Creates the chat client of an OpenAI-compatible provider over <paramref name="http"/> (from
    /// <see cref="LlmHttpPipeline"/>), which the caller owns and disposes after the client.
    /// </summary>
    public static IChatClient CreateChatClient(LlmProviderSettings provider, HttpClient http)
    {
        if (provider.Kind != LlmProviderKind.OpenAI)
        {
            return CreateChatClient(provider);
        }

        return WithProviderDefaults(OpenAIClient(provider, http).GetChatClient(provider.Model).AsIChatClient(), provider);
    }

    /// <summary>An embedding generator on the provider's endpoint over <paramref name="http"/> (owned by the caller)
    /// when <c>embedding_model</c> is set; otherwise null.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(LlmProviderSettings provider, HttpClient http) =>
        provider.Kind != LlmProviderKind.OpenAI || provider.EmbeddingModel is null
            ? null
            : OpenAIClient(provider, http).GetEmbeddingClient(provider.EmbeddingModel).AsIEmbeddingGenerator();

    /// <summary>An embedding generator on the provider's endpoint when <c>embedding_model</c> is set; otherwise null.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(LlmProviderSettings provider, HttpMessageHandler? innerHandler = null)
    {
        if (provider.Kind != LlmProviderKind.OpenAI || provider.EmbeddingModel is null)
        {
            return null;
        }

        HttpClient http = LlmHttpPipeline.Create(provider, innerHandler);
        return new OwningEmbeddingGenerator(OpenAIClient(provider, http).GetEmbeddingClient(provider.EmbeddingModel).AsIEmbeddingGenerator(), http);
    }

    private static IChatClient CreateOpenAIChatClient(LlmProviderSettings provider, HttpMessageHandler? innerHandler)
    {
        HttpClient http = LlmHttpPipeline.Create(provider, innerHandler);
        return new OwningChatClient(OpenAIClient(provider, http).GetChatClient(provider.Model).AsIChatClient(), http);
    }

    private static OpenAIClient OpenAIClient(LlmProviderSettings provider, HttpClient http)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = provider.BaseUrl ?? throw new LlmProviderException(
                $"LLM provider \"{provider.Name}\" has no base_url; set it in {provider.Origin}. / 模型 \"{provider.Name}\" 缺少 base_url，请在 {provider.Origin} 中设置。"),
            Transport = new HttpClientPipelineTransport(http),

            // Retries and timeouts live in the HttpClient pipeline; the client's own would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = provider.TotalTimeout + TimeSpan.FromSeconds(5),
        };
        return new OpenAIClient(new ApiKeyCredential(provider.ApiKey ?? NoKey), options);
    }

    /// <summary>Disposes the HttpClient together with the chat client that uses it.</summary>
    private sealed class OwningChatClient(IChatClient inner, HttpClient http) : DelegatingChatClient(inner)
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                http.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class OwningEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, HttpClient http)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                http.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
