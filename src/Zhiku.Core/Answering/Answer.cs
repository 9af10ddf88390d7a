using Zhiku.Core.Answering.Citations;

namespace Zhiku.Core.Answering;

/// <summary>An answer to a question with its citations, extractive or from a language model.</summary>
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
    double Confidence)
{
    /// <summary>The model that wrote an "llm" answer.</summary>
    public string? Model { get; init; }

    /// <summary>Each sentence with its citations and whether the cited sources support it.</summary>
    public IReadOnlyList<CheckedSentence> Sentences { get; init; } = [];

    /// <summary>Share of the answer's characters in supported sentences (1 for extractive answers).</summary>
    public double GroundedShare { get; init; }

    /// <summary>Numbers, dates, names and amounts found in no cited source.</summary>
    public IReadOnlyList<FlaggedFact> Flagged { get; init; } = [];

    /// <summary>A one-line notice, e.g. that the model failed and this is the extractive answer.</summary>
    public string? Notice { get; init; }

    /// <summary>The best share of the question's key terms found in one retrieved chunk (not just one sentence):
    /// what a model reading whole chunks has to work with. Gates the model the way <see cref="Confidence"/> gates
    /// extractive answers.</summary>
    public double ChunkCoverage { get; init; }

    /// <summary>The answer text with unsupported sentences marked.</summary>
    public string MarkedText { get; init; } = "";
}
