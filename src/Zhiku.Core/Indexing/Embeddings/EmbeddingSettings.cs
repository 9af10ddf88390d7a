namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// The <c>embedding</c> section of a knowledge base's configuration, as written by a user. Names mirror the
/// configuration keys (<c>provider</c>, <c>path</c>, <c>model</c>, <c>base_url</c>, <c>api_key</c>,
/// <c>query_prefix</c>, <c>document_prefix</c>, <c>pooling</c>, <c>max_tokens</c>, <c>batch_size</c>,
/// <c>dimensions</c>, <c>model_id</c>); <see cref="EmbeddingGeneratorFactory"/> validates them.
/// </summary>
public sealed record EmbeddingSettings
{
    /// <summary><c>builtin</c> (default), <c>onnx</c> or <c>openai</c>.</summary>
    public string Provider { get; init; } = "builtin";

    /// <summary>Model folder for <c>onnx</c>.</summary>
    public string? Path { get; init; }

    /// <summary>Model name for <c>openai</c>.</summary>
    public string? Model { get; init; }

    /// <summary>API root for <c>openai</c>, e.g. <c>http://localhost:11434/v1</c>.</summary>
    public string? BaseUrl { get; init; }

    public string? ApiKey { get; init; }

    public string? QueryPrefix { get; init; }

    public string? DocumentPrefix { get; init; }

    /// <summary><c>mean</c> or <c>cls</c> for <c>onnx</c>.</summary>
    public string? Pooling { get; init; }

    public int? MaxTokens { get; init; }

    public int? BatchSize { get; init; }

    /// <summary>Requested dimension for <c>openai</c> models that can shorten vectors.</summary>
    public int? Dimensions { get; init; }

    /// <summary>Overrides the identity recorded with the vectors.</summary>
    public string? ModelId { get; init; }
}
