namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>Where and how to call an OpenAI-compatible <c>/embeddings</c> endpoint.</summary>
/// <param name="BaseUrl">API root including the version segment, e.g. <c>http://localhost:11434/v1</c> (Ollama) or
/// <c>https://dashscope.aliyuncs.com/compatible-mode/v1</c>; <c>/embeddings</c> is appended.</param>
/// <param name="Model">Model name as the server knows it.</param>
public sealed record OpenAiEmbeddingOptions(Uri BaseUrl, string Model)
{
    /// <summary>Bearer token; null for local servers that need none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Requested output dimension (sent as <c>dimensions</c>) for models that can shorten their vectors.</summary>
    public int? Dimensions { get; init; }

    /// <summary>Texts per request; DashScope accepts at most 10.</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries for 408, 429 and 5xx answers, timeouts and network errors (the shared ResilientHttpPipeline), with exponential backoff.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>L2-normalise returned vectors (not every server does).</summary>
    public bool Normalize { get; init; } = true;
}
