namespace Zhiku.Core.Indexing.Fusion;

/// <summary>A retriever's ranked list (best first) and its weight in the fusion.</summary>
/// <param name="Name">Shown in explanations, e.g. <c>keyword</c> or <c>dense</c>.</param>
/// <param name="Hits">Best first; a chunk listed twice counts at its first (best) position.</param>
/// <param name="Weight">Multiplies this source's share of the fused score; 0 keeps it for explanation only.</param>
public sealed record FusionSource(string Name, IReadOnlyList<RankedHit> Hits, double Weight = 1.0)
{
    /// <summary>Checks that weights are finite and 0 or more and that names are distinct.</summary>
    /// <exception cref="ArgumentException">The first problem found.</exception>
    internal static void Validate(IReadOnlyList<FusionSource> sources)
    {
        var seenNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (FusionSource source in sources)
        {
            if (double.IsNaN(source.Weight) || double.IsInfinity(source.Weight) || source.Weight < 0)
            {
                throw new ArgumentException($"Fusion weight of \"{source.Name}\" is {source.Weight}; use a finite number of 0 or more.", nameof(sources));
            }

            if (!seenNames.Add(source.Name))
            {
                throw new ArgumentException($"Two fusion sources are named \"{source.Name}\".", nameof(sources));
            }
        }
    }

    /// <summary>
    /// The shared part of every fusion: each source's list without repeats (a chunk counts at its first position),
    /// per-hit contributions from <paramref name="contributions"/> summed per chunk, best first; ties broken by the
    /// best rank in a source of weight above 0, then by chunk id. Chunks only in zero-weight sources are left out.
    /// </summary>
    /// <param name="sources">The ranked lists; validated here.</param>
    /// <param name="limit">Return at most this many; all when null.</param>
    /// <param name="contributions">For a source and its distinct hits (best first), what each hit adds.</param>
    internal static IReadOnlyList<FusedHit> Combine(IReadOnlyList<FusionSource> sources, int? limit,
        Func<FusionSource, IReadOnlyList<RankedHit>, IReadOnlyList<double>> contributions)
    {
        Validate(sources);
        var fused = new Dictionary<long, (double Score, int BestRank, List<SourceRank> Sources)>();
        foreach (FusionSource source in sources)
        {
            var seen = new HashSet<long>();
            List<RankedHit> hits = source.Hits.Where(h => seen.Add(h.ChunkId)).ToList();
            IReadOnlyList<double> added = contributions(source, hits);
            for (int i = 0; i < hits.Count; i++)
            {
                RankedHit hit = hits[i];
                int rank = i + 1;
                if (!fused.TryGetValue(hit.ChunkId, out var entry))
                {
                    entry = (0, int.MaxValue, []);
                }

                entry.Sources.Add(new SourceRank(source.Name, rank, hit.Score, added[i]));
                fused[hit.ChunkId] = (entry.Score + added[i], source.Weight > 0 ? Math.Min(entry.BestRank, rank) : entry.BestRank, entry.Sources);
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
