namespace Zhiku.Core.Answering;

/// <summary>An answer to a question with its citations.</summary>
/// <param name="Found">False when the knowledge base has nothing relevant; <see cref="Text"/> then says so.</param>
/// <param name="Text">The answer, with citation markers [n] after each cited sentence.</param>
/// <param name="Citations">The sources the markers point to.</param>
/// <param name="Closest">When not found: the nearest documents.</param>
/// <param name="Mode">"extractive" (sentences quoted from the documents) or "llm".</param>
/// <param name="Confidence">Retrieval confidence in [0, 1]: the share of the question's key terms the best sentence covers.</param>
public sealed record Answer(
    bool Found,
    string Text,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<RelatedDocument> Closest,
    string Mode,
    double Confidence);
