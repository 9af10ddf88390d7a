using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Zhiku.Core.Http;

/// <summary>
/// The one HTTP retry policy for every remote model (chat and embeddings): a total timeout, retries with exponential
/// backoff and jitter on 429/5xx/408/timeouts/connection errors (a <c>Retry-After</c> header sets the delay, capped),
/// a per-attempt timeout, and body buffering inside the attempt. 4xx answers other than 408 and 429 are not retried.
/// </summary>
public static class ResilientHttpPipeline
{
    /// <summary>Builds the handler chain; the caller wraps it in an HttpClient (or another handler) and owns it.</summary>
    /// <param name="options">Timeouts and retries.</param>
    /// <param name="innerHandler">The transport; tests and hosts may pass their own. Defaults to a SocketsHttpHandler.</param>
    public static HttpMessageHandler CreateHandler(HttpPipelineOptions options, HttpMessageHandler? innerHandler = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.TotalTimeout, Name = "total" });
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldRetryAfterHeader = true,
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout, Name = "attempt" });

        var buffering = new ResponseBufferingHandler
        {
            InnerHandler = innerHandler ?? new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = options.AttemptTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            },
        };
        return new ResilienceHandler(builder.Build()) { InnerHandler = buffering };
    }

    /// <summary>An HttpClient over <see cref="CreateHandler"/>; the caller owns and disposes it.</summary>
    public static HttpClient CreateClient(HttpPipelineOptions options, HttpMessageHandler? innerHandler = null) =>
        // The pipeline owns time; HttpClient's own 100 s default would cut long streams.
        new(CreateHandler(options, innerHandler), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
}
