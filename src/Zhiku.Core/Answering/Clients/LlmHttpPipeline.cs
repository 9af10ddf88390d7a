using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Zhiku.Core.Configuration;

namespace Zhiku.Core.Answering.Clients;

/// <summary>
/// The HttpClient every OpenAI-compatible provider uses: body compatibility rewrite, then a total timeout,
/// retries with exponential backoff and jitter on 429/5xx/408/timeouts/connection errors (a <c>Retry-After</c>
/// header sets the delay, capped), a per-attempt timeout, and body buffering inside the attempt.
/// </summary>
public static class LlmHttpPipeline
{
    /// <summary>Creates the client; the caller owns and disposes it.</summary>
    /// <param name="provider">Timeouts, retries and compatibility switches.</param>
    /// <param name="innerHandler">The transport; tests and hosts may pass their own. Defaults to a SocketsHttpHandler.</param>
    public static HttpClient Create(LlmProviderSettings provider, HttpMessageHandler? innerHandler = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = provider.TotalTimeout, Name = "total" });
        if (provider.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = provider.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = provider.RetryBaseDelay,
                MaxDelay = LlmDefaults.RetryMaxDelay,
                ShouldRetryAfterHeader = true,
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = provider.Timeout, Name = "attempt" });

        var buffering = new ResponseBufferingHandler
        {
            InnerHandler = innerHandler ?? new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = provider.Timeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            },
        };
        var resilience = new ResilienceHandler(builder.Build()) { InnerHandler = buffering };
        var compatibility = new OpenAICompatibilityHandler(provider.SendMaxCompletionTokens, provider.SendStreamOptions) { InnerHandler = resilience };

        // The pipeline above owns time; HttpClient's own 100 s default would cut long streams.
        return new HttpClient(compatibility, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
