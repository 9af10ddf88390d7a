namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// Overrides for an ONNX embedding model. Anything left null comes from the model folder
/// (<c>zhiku-model.json</c>, sentence-transformers' <c>1_Pooling/config.json</c>, <c>sentence_bert_config.json</c>,
/// <c>tokenizer_config.json</c>) and then from the defaults in <see cref="EmbeddingDefaults"/>.
/// </summary>
public sealed record OnnxEmbeddingOptions
{
    /// <summary>Identity recorded with the vectors; default <c>onnx:&lt;folder name&gt;</c>.</summary>
    public string? ModelId { get; init; }

    public PoolingMode? Pooling { get; init; }

    /// <summary>Longest input in tokens, special tokens included; longer text is truncated.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Texts per ONNX run.</summary>
    public int? BatchSize { get; init; }

    /// <summary>ONNX Runtime intra-op threads; default <see cref="Environment.ProcessorCount"/>.</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>Lower-case before WordPiece (uncased models); default from the tokenizer config, else true.</summary>
    public bool? LowerCase { get; init; }

    /// <summary>L2-normalise the output (cosine = dot product). Default true.</summary>
    public bool Normalize { get; init; } = true;
}
