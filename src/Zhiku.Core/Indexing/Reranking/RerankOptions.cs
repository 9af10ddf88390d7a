namespace Zhiku.Core.Indexing.Reranking;

/// <summary>How much reranking to do per query.</summary>
public sealed record RerankOptions
{
    /// <summary>Only the first this-many fused candidates are scored; the rest keep their fused order.</summary>
    public int TopN { get; init; } = 30;

    /// <summary>
    /// Wall-clock budget for scoring. A batch is not started when the time per batch so far says it would not
    /// finish in time, and a running batch is cancelled when the budget is spent.
    /// </summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Pairs per cross-encoder call; small batches waste less of the budget when it runs out.</summary>
    public int BatchSize { get; init; } = 8;
}
