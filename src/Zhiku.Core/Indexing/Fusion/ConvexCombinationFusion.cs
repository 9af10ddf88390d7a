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
    public static IReadOnlyList<FusedHit> Fuse(IReadOnlyList<FusionSource> sources, int? limit = null) =>
        FusionSource.Combine(sources, limit, (source, hits) =>
        {
            if (hits.Any(h => !double.IsFinite(h.Score)))
            {
                throw new ArgumentException($"Source \"{source.Name}\" has a score that is not a finite number.", nameof(sources));
            }

            double min = hits.Count == 0 ? 0 : hits.Min(h => h.Score);
            double range = hits.Count == 0 ? 0 : hits.Max(h => h.Score) - min;
            return hits.Select(h => source.Weight * (range > 0 ? (h.Score - min) / range : 1)).ToList();
        });
}
