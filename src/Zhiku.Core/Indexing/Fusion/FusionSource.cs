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
}
