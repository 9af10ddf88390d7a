namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>Why a result is where it is (<c>search --explain</c>).</summary>
/// <param name="KeywordRank">1-based rank in the keyword (BM25) list, or null when that list did not return it.</param>
/// <param name="KeywordScore">Its BM25 score there.</param>
/// <param name="DenseRank">1-based rank in the dense list, or null when not returned or dense search was not used.</param>
/// <param name="DenseScore">Its cosine similarity there.</param>
/// <param name="FusedScore">Weighted RRF score, or null when only the keyword list was used.</param>
/// <param name="RerankScore">Cross-encoder score, or null when not reranked (none configured, or out of time).</param>
public sealed record SearchExplanation(int? KeywordRank, double? KeywordScore, int? DenseRank, double? DenseScore, double? FusedScore,
    float? RerankScore)
{
    /// <summary>Weight of the keyword list in this query's fusion.</summary>
    public double KeywordWeight { get; init; }

    /// <summary>Weight of the dense list in this query's fusion: the configured one times the query's language coverage.</summary>
    public double DenseWeight { get; init; }

    /// <summary>Why the dense list was or was not used.</summary>
    public string DenseNote { get; init; } = "";
}
