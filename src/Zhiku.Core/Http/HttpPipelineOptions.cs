namespace Zhiku.Core.Http;

/// <summary>Time and retry limits of one <see cref="ResilientHttpPipeline"/>.</summary>
/// <param name="AttemptTimeout">Limit on one attempt, including reading a non-streaming body.</param>
/// <param name="TotalTimeout">Limit on the whole call with every retry and backoff.</param>
/// <param name="MaxRetries">Retries after the first attempt; 0 turns retrying off.</param>
/// <param name="RetryBaseDelay">First backoff delay; it doubles per retry, with jitter.</param>
/// <param name="RetryMaxDelay">Cap on one backoff delay, also on a server's <c>Retry-After</c>.</param>
public sealed record HttpPipelineOptions(TimeSpan AttemptTimeout, TimeSpan TotalTimeout, int MaxRetries, TimeSpan RetryBaseDelay, TimeSpan RetryMaxDelay);
