namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// The <c>embedding</c> section of a knowledge base's configuration, as written by a user. Names mirror the
/// configuration keys (<c>provider</c>, <c>path</c>, <c>model</c>, <c>base_url</c>, <c>api_key</c>,
/// <c>query_prefix</c>, <c>document_prefix</c>, <c>pooling</c>, <c>max_tokens</c>, <c>batch_size</c>,
/// <c>dimensions</c>, <c>model_id</c>, <c>languages</c>); <see cref="EmbeddingGeneratorFactory"/> validates them.
/// </summary>
public sealed record EmbeddingSettings
{
    /// <summary>Language codes accepted in <see cref="Languages"/>.</summary>
    public static readonly IReadOnlyList<string> KnownLanguages = ["zh", "en", "*"];

    /// <summary>Settings that turn the dense side off (<c>provider: none</c>).</summary>
    public static EmbeddingSettings None { get; } = new() { Provider = "none" };

    /// <summary><c>builtin</c> (default), <c>onnx</c>, <c>openai</c> or <c>none</c> (keyword search only).</summary>
    public string Provider { get; init; } = "builtin";

    /// <summary>True for <c>provider: none</c>.</summary>
    public bool IsDisabled => string.Equals(Provider.Trim(), "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Languages the model understands (<c>languages</c>): <c>zh</c> (Chinese characters), <c>en</c> (Latin script),
    /// <c>*</c> (any). Null means the provider's default: <c>en</c> for the built-in model, any for the others.
    /// The dense list counts in a query only as much as the query's text is in these languages.
    /// </summary>
    public IReadOnlyList<string>? Languages { get; init; }

    /// <summary>The languages in effect (see <see cref="Languages"/>).</summary>
    public IReadOnlyList<string> EffectiveLanguages =>
        Languages ?? (string.Equals(Provider.Trim(), "builtin", StringComparison.OrdinalIgnoreCase) ? ["en"] : ["*"]);

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
