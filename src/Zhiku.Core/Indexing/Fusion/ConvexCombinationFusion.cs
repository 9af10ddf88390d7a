namespace Zhiku.Core.Indexing.Fusion;

/// <summary>
/// Convex combination of normalized scores (Bruch, Gai and Ingber, "An Analysis of Fusion Functions for Hybrid
/// Retrieval", ACM TOIS 2023): score(d) = Σ_s w_s · (score_s(d) − min_s) / (max_s − min_s), min and max taken over
/// each source's own list. Unlike reciprocal rank fusion it keeps how far apart a source's scores are: a BM25 first
/// hit far ahead of the second stays ahead unless the other source is as sure of something else, while close scores
/// are reordered freely. A chunk a source did not return gets 0 from it (it scored below that list's minimum).
/// </summary>
public static class ConvexCombinationFusion
{
    /// <summary>
    /// Fuses the sources, best first. A source whose scores are all equal gives each of its hits 1. Ties are broken
    /// by the best single rank, then by chunk id, so the order is deterministic. Chunks whose fused score is 0 are
    /// kept after the others when they came from a source of weight above 0 (the last hit of a list normalizes to 0).
    /// </summary>
    /// <param name="sources">The ranked lists, best first; names must be distinct.</param>
    /// <param name="limit">Return at most this many; all when null.</param>
    /// <exception cref="ArgumentException">A weight is negative or not a number, or two sources share a name, or a score is not a number.</exception>
    public static IReadOnlyList<FusedHit> Fuse(IReadOnlyList<FusionSource> sources, int? limit = null)
    {
        FusionSource.Validate(sources);
        var fused = new Dictionary<long, (double Score, int BestRank, List<SourceRank> Sources)>();
        foreach (FusionSource source in sources)
        {
            var seen = new HashSet<long>();
            var hits = source.Hits.Where(h => seen.Add(h.ChunkId)).ToList();
            if (hits.Any(h => double.IsNaN(h.Score) || double.IsInfinity(h.Score)))
            {
                throw new ArgumentException($"Source \"{source.Name}\" has a score that is not a finite number.", nameof(sources));
            }

            double min = hits.Count == 0 ? 0 : hits.Min(h => h.Score);
            double max = hits.Count == 0 ? 0 : hits.Max(h => h.Score);
            double range = max - min;
            for (int i = 0; i < hits.Count; i++)
            {
                RankedHit hit = hits[i];
                double normalized = range > 0 ? (hit.Score - min) / range : 1;
                double contribution = source.Weight * normalized;
                if (!fused.TryGetValue(hit.ChunkId, out var entry))
                {
                    entry = (0, int.MaxValue, []);
                }

                int rank = i + 1;
                entry.Sources.Add(new SourceRank(source.Name, rank, hit.Score, contribution));
                fused[hit.ChunkId] = (entry.Score + contribution, source.Weight > 0 ? Math.Min(entry.BestRank, rank) : entry.BestRank, entry.Sources);
            }
        }

        var ordered = fused
            .Where(p => p.Value.BestRank != int.MaxValue)
            .OrderByDescending(p => p.Value.Score)
            .ThenBy(p => p.Value.BestRank)
            .ThenBy(p => p.Key)
            .Select(p => new FusedHit(p.Key, p.Value.Score, p.Value.Sources));
        return limit is null ? [.. ordered] : [.. ordered.Take(Math.Max(0, limit.Value))];
    }
}
