namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// The identity of the vectors a generator produces. A knowledge base records it with its vectors and refuses to
/// mix two; <see cref="Dimensions"/> is null when a remote model has not been asked yet.
/// </summary>
public sealed record EmbeddingModelInfo(string ModelId, int? Dimensions);
