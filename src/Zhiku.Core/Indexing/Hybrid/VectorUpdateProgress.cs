namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>Progress of embedding a knowledge base's chunks, reported after each batch.</summary>
/// <param name="Done">Chunks embedded in this run so far.</param>
/// <param name="Total">Chunks this run has to embed.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="ModelId">The model embedding them.</param>
public sealed record VectorUpdateProgress(int Done, int Total, TimeSpan Elapsed, string ModelId);
