namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>PATCH /api/kbs/{kb}</c>: only the fields given change.</summary>
public sealed record UpdateKnowledgeBaseRequest
{
    /// <summary>cloud, local-only or forbidden.</summary>
    public string? Policy { get; init; }

    /// <summary>Prompt template text for LLM answers ([system]/[user] sections, see docs/llm.md); empty removes it.</summary>
    public string? PromptTemplate { get; init; }

    /// <summary>Name of the LLM provider (zhiku.json) this knowledge base answers with; empty removes it.</summary>
    public string? Provider { get; init; }

    /// <summary>Free text shown in the UI; empty removes it.</summary>
    public string? Description { get; init; }
}
