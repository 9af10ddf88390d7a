namespace Zhiku.Core.Indexing.Vectors;

/// <summary>Tuning of the vector indexes; the defaults are the measured ones (docs/benchmarks.md, "Vectors").</summary>
public sealed record VectorIndexOptions
{
    /// <summary>
    /// Above this many vectors <see cref="AdaptiveVectorIndex"/> switches from exact search to HNSW. Chosen where exact
    /// search's p95 on 2 cores reaches a few milliseconds (see docs/benchmarks.md); below it exact is both exact and fast.
    /// </summary>
    public int ExactThreshold { get; init; } = 50_000;

    /// <summary>HNSW graph degree (M).</summary>
    public int Connectivity { get; init; } = 16;

    /// <summary>HNSW candidate list size while building (efConstruction).</summary>
    public int ExpansionAdd { get; init; } = 128;

    /// <summary>HNSW candidate list size while searching (ef); raised to k when k is larger.</summary>
    public int ExpansionSearch { get; init; } = 256;

    public static VectorIndexOptions Default { get; } = new();
}
