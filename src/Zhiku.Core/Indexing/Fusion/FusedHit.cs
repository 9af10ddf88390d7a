namespace Zhiku.Core.Indexing.Fusion;

/// <summary>A fused result with the per-source ranks and scores behind it (for <c>search --explain</c>).</summary>
public sealed record FusedHit(long ChunkId, double Score, IReadOnlyList<SourceRank> Sources)
{
    /// <summary>This hit's entry from the named source, or null when that source did not return it.</summary>
    public SourceRank? From(string source) => Sources.FirstOrDefault(s => s.Source == source);
}
