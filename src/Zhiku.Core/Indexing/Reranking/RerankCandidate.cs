namespace Zhiku.Core.Indexing.Reranking;

/// <summary>A fused result to rerank: its chunk and the text the cross-encoder reads.</summary>
public sealed record RerankCandidate(long ChunkId, string Text);
