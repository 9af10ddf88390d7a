namespace Zhiku.Core.Indexing;

/// <summary>A chunk found by the full-text index with its BM25 score.</summary>
public readonly record struct KeywordHit(long ChunkId, long DocId, float Score);
