namespace Zhiku.Core.Indexing.Reranking;

/// <summary>Scores how well passages answer a query by reading each (query, passage) pair together.</summary>
public interface ICrossEncoder
{
    /// <summary>
    /// One score per passage, in order; higher is more relevant. Scores are only comparable within one model.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; partial work is discarded.</exception>
    Task<IReadOnlyList<float>> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default);
}
