using Zhiku.Core.Configuration;
using Zhiku.Core.Http;

namespace Zhiku.Core.Answering.Clients;

/// <summary>
/// The HttpClient every OpenAI-compatible chat provider uses: the body compatibility rewrite over the shared
/// <see cref="ResilientHttpPipeline"/> (timeouts, retries, buffering), the same policy the embedding client uses.
/// </summary>
public static class LlmHttpPipeline
{
    /// <summary>Creates the client; the caller owns and disposes it.</summary>
    /// <param name="provider">Timeouts, retries and compatibility switches.</param>
    /// <param name="innerHandler">The transport; tests and hosts may pass their own. Defaults to a SocketsHttpHandler.</param>
    public static HttpClient Create(LlmProviderSettings provider, HttpMessageHandler? innerHandler = null)
    {
        var resilience = ResilientHttpPipeline.CreateHandler(
            new HttpPipelineOptions(provider.Timeout, provider.TotalTimeout, provider.MaxRetries, provider.RetryBaseDelay, LlmDefaults.RetryMaxDelay),
            innerHandler);
        var compatibility = new OpenAICompatibilityHandler(provider.SendMaxCompletionTokens, provider.SendStreamOptions) { InnerHandler = resilience };

        // The pipeline owns time; HttpClient's own 100 s default would cut long streams.
        return new HttpClient(compatibility, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
