namespace Zhiku.Core.Answering.Json;

/// <summary>
/// The body of <c>ask --json</c> and of <c>POST /api/kbs/{kb}/ask</c>. The LLM fields of the answer issue
/// (model, sentences, grounded_share, flagged, notice) belong here as well when ask uses a model.
/// </summary>
public sealed record AskResponseJson(
    bool Found,
    string Answer,
    string Mode,
    double Confidence,
    IReadOnlyList<CitationJson> Citations,
    IReadOnlyList<RelatedDocumentJson> Closest)
{
    /// <summary>The model that wrote an "llm" answer, null for extractive answers.</summary>
    public string? Model { get; init; }

    /// <summary>Each sentence with its citations and support.</summary>
    public IReadOnlyList<SentenceJson> Sentences { get; init; } = [];

    /// <summary>Share of the answer's characters in supported sentences.</summary>
    public double GroundedShare { get; init; }

    /// <summary>Facts found in no cited source.</summary>
    public IReadOnlyList<FlaggedJson> Flagged { get; init; } = [];

    /// <summary>A one-line notice (e.g. the model failed and this is the extractive answer).</summary>
    public string? Notice { get; init; }
}
