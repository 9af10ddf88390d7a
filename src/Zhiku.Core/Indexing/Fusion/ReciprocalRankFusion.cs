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
    public IReadOnlyList<FusedHit> Fuse(IReadOnlyList<FusionSource> sources, int? limit = null)
    {
        FusionSource.Validate(sources);
        var fused = new Dictionary<long, (double Score, int BestRank, List<SourceRank> Sources)>();
        foreach (var source in sources)
        {
            var seen = new HashSet<long>();
            int rank = 0;
            foreach (var hit in source.Hits)
            {
                if (!seen.Add(hit.ChunkId))
                {
                    continue;
                }

                rank++;
                double contribution = source.Weight / (_k + rank);
                if (!fused.TryGetValue(hit.ChunkId, out var entry))
                {
                    entry = (0, int.MaxValue, []);
                }

                entry.Sources.Add(new SourceRank(source.Name, rank, hit.Score, contribution));
                fused[hit.ChunkId] = (entry.Score + contribution, Math.Min(entry.BestRank, rank), entry.Sources);
            }
        }

        var ordered = fused
            .Where(p => p.Value.Score > 0)
            .OrderByDescending(p => p.Value.Score)
            .ThenBy(p => p.Value.BestRank)
            .ThenBy(p => p.Key)
            .Select(p => new FusedHit(p.Key, p.Value.Score, p.Value.Sources));
        return limit is null ? [.. ordered] : [.. ordered.Take(Math.Max(0, limit.Value))];
    }
}
