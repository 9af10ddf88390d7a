namespace Zhiku.Core.Indexing.Fusion;

/// <summary>One result of one retriever (BM25 score, cosine similarity…), as input to fusion.</summary>
public readonly record struct RankedHit(long ChunkId, double Score);
