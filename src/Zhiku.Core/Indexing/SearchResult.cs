using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing;

/// <summary>One ranked chunk returned by search.</summary>
/// <param name="Chunk">The chunk with its document facts.</param>
/// <param name="Score">The ranking score (higher is better): BM25 when only keyword search ran, the fused RRF score (or the
/// reranker's score) when dense search took part.</param>
/// <param name="Rank">1-based rank.</param>
public sealed record SearchResult(ChunkRecord Chunk, float Score, int Rank)
{
    /// <summary>The keyword and dense ranks and scores behind this result.</summary>
    public SearchExplanation? Explanation { get; init; }
}
