namespace Zhiku.Core.Indexing.Fusion;

/// <summary>A retriever's ranked list (best first) and its weight in the fusion.</summary>
/// <param name="Name">Shown in explanations, e.g. <c>keyword</c> or <c>dense</c>.</param>
/// <param name="Hits">Best first; a chunk listed twice counts at its first (best) position.</param>
/// <param name="Weight">Multiplies this source's reciprocal ranks; 0 keeps it for explanation only.</param>
public sealed record FusionSource(string Name, IReadOnlyList<RankedHit> Hits, double Weight = 1.0);
