using Zhiku.Core.Security;

namespace Zhiku.Core.Indexing.Vectors;

/// <summary>Tuning of the vector indexes; the defaults are the measured ones (docs/benchmarks.md, "Vectors").</summary>
public sealed record VectorIndexOptions
{
    /// <summary>
    /// Above this many vectors <see cref="AdaptiveVectorIndex"/> switches from exact search to HNSW. Measured on 2 cores
    /// (docs/benchmarks.md, "Vectors"): exact search costs about 0.15 ms per 1,000 vectors and HNSW 1-2 ms, so HNSW
    /// starts to win between 10k and 50k vectors; below that, exact is both exact and at least as fast, with no graph to build.
    /// </summary>
    public int ExactThreshold { get; init; } = 20_000;

    /// <summary>HNSW graph degree (M).</summary>
    public int Connectivity { get; init; } = 16;

    /// <summary>HNSW candidate list size while building (efConstruction).</summary>
    public int ExpansionAdd { get; init; } = 128;

    /// <summary>HNSW candidate list size while searching (ef); raised to k when k is larger.</summary>
    public int ExpansionSearch { get; init; } = 256;

    /// <summary>How the index files are written: encrypted under the store key, or plain (the default).</summary>
    public IAtRestEncryption Files { get; init; } = PlainStorage.Instance;

    public static VectorIndexOptions Default { get; } = new();
}
