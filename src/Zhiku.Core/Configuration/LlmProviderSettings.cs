namespace Zhiku.Core.Configuration;

/// <summary>
/// One configured language model, as read from <c>zhiku.json</c> (<c>llm.providers[]</c>) or from the
/// <c>ZHIKU_LLM_*</c> environment variables. Immutable; secrets are resolved at load time and never rendered.
/// </summary>
/// <param name="Name">Unique provider name, referenced by <c>llm.default_provider</c> and knowledge-base overrides.</param>
/// <param name="Kind">OpenAI-compatible HTTP or in-process LLamaSharp.</param>
/// <param name="Model">The model name sent to the endpoint; for LLamaSharp, the absolute path of the GGUF file.</param>
public sealed record LlmProviderSettings(string Name, LlmProviderKind Kind, string Model)
{
    /// <summary>The endpoint base URL including the version segment (e.g. <c>https://api.deepseek.com/v1</c>); null for LLamaSharp.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>The name of the environment variable that holds the API key (<c>api_key_env</c>), if any.</summary>
    public string? ApiKeyEnvironmentVariable { get; init; }

    /// <summary>The resolved API key. Secret: never log or render it.</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// True when the model runs where the data already is (LLamaSharp, or an endpoint the user declared local).
    /// Never inferred from the URL: an endpoint is a cloud model unless configured otherwise.
    /// </summary>
    public bool IsLocal { get; init; }

    /// <summary>Send <c>max_completion_tokens</c> as the OpenAI client does; false rewrites it to <c>max_tokens</c>.</summary>
    public bool SendMaxCompletionTokens { get; init; }

    /// <summary>Send <c>stream_options</c> when streaming; false removes it for servers that reject it.</summary>
    public bool SendStreamOptions { get; init; }

    /// <summary>Per-attempt HTTP timeout, also the longest silence allowed between streamed chunks.</summary>
    public TimeSpan Timeout { get; init; } = LlmDefaults.AttemptTimeout;

    /// <summary>Upper bound for one whole answer, retries included.</summary>
    public TimeSpan TotalTimeout { get; init; } = LlmDefaults.TotalTimeout;

    /// <summary>Retries after the first attempt on 429, 5xx, 408 and timeouts.</summary>
    public int MaxRetries { get; init; } = LlmDefaults.MaxRetries;

    /// <summary>Base delay of the exponential backoff (jittered); a <c>Retry-After</c> header wins when present.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = LlmDefaults.RetryBaseDelay;

    /// <summary>Maximum tokens the model may generate per answer.</summary>
    public int MaxOutputTokens { get; init; } = LlmDefaults.MaxOutputTokens;

    /// <summary>Sampling temperature; low by default because answers must stay close to the sources.</summary>
    public float Temperature { get; init; } = LlmDefaults.Temperature;

    /// <summary>Optional embedding model on the same endpoint, used to score citation support.</summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>LLamaSharp only: context window in tokens.</summary>
    public int ContextSize { get; init; } = LlmDefaults.LlamaContextSize;

    /// <summary>LLamaSharp only: CPU threads; null lets llama.cpp decide.</summary>
    public int? Threads { get; init; }

    /// <summary>Where this provider was defined (<c>zhiku.json</c> path or "environment"), for messages.</summary>
    public string Origin { get; init; } = "";
}
