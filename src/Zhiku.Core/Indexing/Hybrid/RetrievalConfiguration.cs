using Microsoft.Extensions.AI;
using Zhiku.Core.Indexing.Embeddings;

namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>
/// Everything one knowledge base needs to search: its embedding model (or none) and its retrieval settings.
/// Resolved from <c>zhiku.json</c> by <see cref="Configuration.ZhikuConfiguration.ResolveRetrievalFor"/>.
/// </summary>
public sealed record RetrievalConfiguration
{
    /// <summary>The built-in English model and the default settings: what a store without configuration uses.</summary>
    public static RetrievalConfiguration Default { get; } = new();

    /// <summary>Keyword search only: no embedding model is loaded and no vectors are written.</summary>
    public static RetrievalConfiguration KeywordOnly { get; } = new() { Embedding = EmbeddingSettings.None };

    /// <summary>The embedding model; <see cref="EmbeddingSettings.IsDisabled"/> means keyword search only.</summary>
    public EmbeddingSettings Embedding { get; init; } = new();

    public RetrievalSettings Settings { get; init; } = new();

    /// <summary>A file that remembers passage embeddings across runs (evaluation and benchmarks); null for none.</summary>
    public string? EmbeddingCachePath { get; init; }

    /// <summary>Creates the embedding generator instead of the configured provider (benchmarks and tests); null for the
    /// store's shared generator of the configured provider (<c>ZhikuStore.Embeddings</c>).</summary>
    public Func<EmbeddingSettings, IEmbeddingGenerator<string, Embedding<float>>>? GeneratorFactory { get; init; }

    /// <summary>True when the knowledge base has a dense side.</summary>
    public bool DenseEnabled => !Embedding.IsDisabled && Settings.Fusion.DenseWeight > 0;
}
