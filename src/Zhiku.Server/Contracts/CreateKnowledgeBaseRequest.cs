namespace Zhiku.Server.Contracts;

/// <summary>Body of <c>POST /api/kbs</c>.</summary>
public sealed record CreateKnowledgeBaseRequest
{
    /// <summary>1-64 letters, digits, Chinese characters, '-', '_' or '.'.</summary>
    public required string Name { get; init; }

    /// <summary>cloud (default), local-only or forbidden.</summary>
    public string? Policy { get; init; }

    /// <summary>True: only its owner ever sees it (a personal knowledge base).</summary>
    public bool Personal { get; init; }

    /// <summary>Free text shown in the UI.</summary>
    public string? Description { get; init; }
}
