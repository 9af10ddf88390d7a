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
    IReadOnlyList<RelatedDocumentJson> Closest);
