namespace Zhiku.Core.Answering.Json;

/// <summary>Why a result is where it is (`search --explain`): its keyword and dense ranks and scores, the fused
/// score, the reranker's score and the weights the query used.</summary>
public sealed record ExplainJson(
    int? KeywordRank,
    double? KeywordScore,
    int? DenseRank,
    double? DenseScore,
    double? FusedScore,
    double? RerankScore,
    double KeywordWeight,
    double DenseWeight,
    string Dense);
