namespace Zhiku.Core.Indexing.Fusion;

/// <summary>
/// Weighted reciprocal rank fusion (Cormack et al., 2009): score(d) = Σ_s w_s / (k + rank_s(d)), rank 1-based.
/// Only ranks matter, so BM25 scores and cosine similarities need no calibration against each other.
/// </summary>
public sealed class ReciprocalRankFusion
{
    /// <summary>The constant from the original paper; damps the advantage of the very first ranks.</summary>
    public const int DefaultK = 60;

    private readonly double _k;

    /// <param name="k">Rank offset; must be 0 or more.</param>
    public ReciprocalRankFusion(double k = DefaultK)
    {
        if (double.IsNaN(k) || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "RRF k must be 0 or more.");
        }

        _k = k;
    }

    public double K => _k;

    /// <summary>
    /// Fuses the sources, best first. Ties are broken by the best single rank, then by chunk id, so the order is
    /// deterministic. Chunks whose fused score is 0 (only in zero-weight sources) are left out.
    /// </summary>
    /// <param name="sources">The ranked lists; names must be distinct.</param>
    /// <param name="limit">Return at most this many; all when null.</param>
    /// <exception cref="ArgumentException">A weight is negative or not a number, or two sources share a name.</exception>
    public IReadOnlyList<FusedHit> Fuse(IReadOnlyList<FusionSource> sources, int? limit = null) =>
        FusionSource.Combine(sources, limit, (source, hits) => hits.Select((_, i) => source.Weight / (_k + i + 1)).ToList());
}
