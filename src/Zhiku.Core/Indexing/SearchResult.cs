using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing;

/// <summary>One ranked chunk returned by search.</summary>
/// <param name="Chunk">The chunk with its document facts.</param>
/// <param name="Score">The ranking score (higher is better).</param>
/// <param name="Rank">1-based rank.</param>
public sealed record SearchResult(ChunkRecord Chunk, float Score, int Rank);
