namespace Zhiku.Core.Indexing.Reranking;

/// <summary>Reranked hits and how far the reranker got within its budget.</summary>
/// <param name="Hits">All candidates: scored ones by score, then unscored ones in fused order.</param>
/// <param name="Scored">How many candidates received a cross-encoder score.</param>
/// <param name="BudgetExhausted">True when the time budget stopped scoring early.</param>
/// <param name="Elapsed">Time spent scoring.</param>
public sealed record RerankResult(IReadOnlyList<RerankedHit> Hits, int Scored, bool BudgetExhausted, TimeSpan Elapsed);
