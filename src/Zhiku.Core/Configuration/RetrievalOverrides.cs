namespace Zhiku.Core.Configuration;

/// <summary>The keys of a <c>retrieval</c> section as written; null keeps the value from the wider scope.</summary>
public sealed record RetrievalOverrides
{
    public Indexing.Fusion.FusionMethod? Fusion { get; init; }

    public double? KeywordWeight { get; init; }

    public double? DenseWeight { get; init; }

    public double? RrfK { get; init; }

    public int? Candidates { get; init; }

    /// <summary>Absolute path of the cross-encoder folder.</summary>
    public string? Reranker { get; init; }

    public int? RerankTopN { get; init; }

    public int? RerankBudgetMs { get; init; }

    /// <summary>Absolute path of the user dictionary file.</summary>
    public string? UserDictionary { get; init; }
}
