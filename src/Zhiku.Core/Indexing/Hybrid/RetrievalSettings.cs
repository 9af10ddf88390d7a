using Zhiku.Core.Indexing.Fusion;

namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>
/// How a knowledge base ranks (the <c>retrieval</c> section of <c>zhiku.json</c>, store-wide or per knowledge base):
/// fusion weights, candidates per retriever, the optional cross-encoder reranker and the user dictionary.
/// Defaults are the measured ones (docs/benchmarks.md).
/// </summary>
public sealed record RetrievalSettings
{
    /// <summary>Fusion settings (<c>fusion</c>, <c>keyword_weight</c>, <c>dense_weight</c>, <c>rrf_k</c>, <c>candidates</c>).</summary>
    public FusionSettings Fusion { get; init; } = new();

    /// <summary>Folder of an ONNX cross-encoder (<c>reranker</c>); null means no reranking.</summary>
    public string? RerankerPath { get; init; }

    /// <summary>How many fused candidates the reranker reads (<c>rerank_top_n</c>).</summary>
    public int RerankTopN { get; init; } = 30;

    /// <summary>Time the reranker may spend per query (<c>rerank_budget_ms</c>); what it has no time for keeps its fused order.</summary>
    public TimeSpan RerankBudget { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>A text file of domain terms, one per line (<c>user_dictionary</c>); null means none.</summary>
    public string? UserDictionaryPath { get; init; }
}
