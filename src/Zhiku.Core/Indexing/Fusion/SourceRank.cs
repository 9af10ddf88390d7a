namespace Zhiku.Core.Indexing.Fusion;

/// <summary>Where one source placed a fused result: 1-based rank, the source's own score, and what it added.</summary>
public sealed record SourceRank(string Source, int Rank, double Score, double Contribution);
