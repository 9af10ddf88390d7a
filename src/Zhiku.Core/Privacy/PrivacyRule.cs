namespace Zhiku.Core.Privacy;

/// <summary>
/// A rule that sets a document's data policy at ingest when it matches: a path glob (** any folders, * any name
/// part), any of some keywords in the text, or any of some sensitive categories detected in the text. A rule
/// with several conditions matches when any one does. The strictest matching rule wins, and it can only tighten:
/// the strictest of knowledge base, rule and `ingest --policy` applies (see Ingestion.DocumentPolicy).
/// </summary>
public sealed record PrivacyRule(string Policy)
{
    public string? PathGlob { get; init; }

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public IReadOnlyList<SensitiveCategory> Categories { get; init; } = [];

    /// <summary>Only for this knowledge base, or all when null.</summary>
    public string? KnowledgeBase { get; init; }
}
