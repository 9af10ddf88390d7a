namespace Zhiku.Core.Evaluation;

/// <summary>The result of an eval run (the JSON of `zhiku eval --json`).</summary>
/// <param name="Metrics">recall@1/5/20, mrr@10, ndcg@10, anshit@1/5, askhit (AnsHit and AskHit over the queries with gold answers), found_rate (and false_found_rate, found_precision with negatives).</param>
/// <param name="Queries">Number of queries evaluated.</param>
/// <param name="LatencyP50Ms">Median search latency.</param>
/// <param name="LatencyP95Ms">95th percentile search latency.</param>
/// <param name="IngestMbPerSecond">Corpus text (UTF-8 MB) ingested per second.</param>
/// <param name="Documents">Documents ingested.</param>
/// <param name="Chunks">Chunks indexed.</param>
/// <param name="IngestSeconds">Ingest wall time.</param>
public sealed record EvalReport(
    IReadOnlyDictionary<string, double> Metrics,
    int Queries,
    double LatencyP50Ms,
    double LatencyP95Ms,
    double IngestMbPerSecond,
    int Documents,
    long Chunks,
    double IngestSeconds)
{
    /// <summary>The answer confidence of every question, answerable (from the query set) or not (negatives),
    /// for calibrating the found threshold.</summary>
    public IReadOnlyList<(bool Answerable, double Confidence)> Confidences { get; init; } = [];

    /// <summary>Every question's outcome, answerable ones first, then the negatives.</summary>
    public IReadOnlyList<EvalOutcome> Outcomes { get; init; } = [];

    /// <summary>Queries with at least one gold answer string: those AnsHit and AskHit are averaged over.</summary>
    public int AnswerQueries { get; init; }

    /// <summary>Unanswerable questions asked (--negatives).</summary>
    public int Negatives { get; init; }

    /// <summary>Keyword-only or hybrid search.</summary>
    public EvalMode Mode { get; init; }

    /// <summary>Time spent embedding the corpus after ingest (hybrid mode).</summary>
    public double EmbedSeconds { get; init; }
}
