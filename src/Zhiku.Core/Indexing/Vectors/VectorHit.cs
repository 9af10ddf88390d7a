namespace Zhiku.Core.Indexing.Vectors;

/// <summary>One nearest neighbour: the chunk and its cosine similarity to the query (higher is closer).</summary>
public readonly record struct VectorHit(long ChunkId, float Score);
