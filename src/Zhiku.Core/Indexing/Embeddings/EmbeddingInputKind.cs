namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// Whether a text is a search query or a stored passage. Asymmetric models (e5, bge) want different prefixes
/// for the two; see <see cref="PrefixingEmbeddingGenerator"/>.
/// </summary>
public enum EmbeddingInputKind
{
    Document,
    Query,
}
