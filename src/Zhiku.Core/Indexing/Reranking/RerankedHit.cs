namespace Zhiku.Core.Indexing.Reranking;

/// <summary>A result after reranking.</summary>
/// <param name="ChunkId">The chunk.</param>
/// <param name="FusedRank">1-based position before reranking.</param>
/// <param name="Score">Cross-encoder score, or null when the time budget ran out before this candidate was scored
/// (it then keeps its fused order, after all scored candidates).</param>
public sealed record RerankedHit(long ChunkId, int FusedRank, float? Score);
