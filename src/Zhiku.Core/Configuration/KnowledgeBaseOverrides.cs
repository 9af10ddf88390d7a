namespace Zhiku.Core.Configuration;

/// <summary>
/// Settings one knowledge base changes (<c>knowledge_bases.NAME</c> in <c>zhiku.json</c>); null keeps the store-wide value.
/// A legal knowledge base can name a local provider and its own prompt template, a marketing one another.
/// </summary>
public sealed record KnowledgeBaseOverrides
{
    /// <summary>The provider this knowledge base uses (<c>provider</c>); wins over the environment and the default.</summary>
    public string? Provider { get; init; }

    public int? TopK { get; init; }

    public int? ContextTokens { get; init; }

    public string? NotFoundText { get; init; }

    public string? PromptTemplatePath { get; init; }

    public double? SupportThreshold { get; init; }

    /// <summary>This knowledge base's own embedding model (<c>embedding</c>); replaces the store-wide one as a whole.</summary>
    public Indexing.Embeddings.EmbeddingSettings? Embedding { get; init; }

    /// <summary>This knowledge base's retrieval keys (<c>retrieval</c>); each one given replaces the store-wide value.</summary>
    public RetrievalOverrides? Retrieval { get; init; }

    /// <summary>The user dictionary (<c>user_dictionary</c>, a shorthand for <c>retrieval.user_dictionary</c>).</summary>
    public string? UserDictionary { get; init; }
}
