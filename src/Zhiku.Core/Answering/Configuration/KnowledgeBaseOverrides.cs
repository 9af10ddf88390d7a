namespace Zhiku.Core.Answering.Configuration;

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
}
