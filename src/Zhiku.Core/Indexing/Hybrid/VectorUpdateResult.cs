namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>What a vector update did.</summary>
/// <param name="ModelId">The embedding model.</param>
/// <param name="Embedded">Chunks embedded now.</param>
/// <param name="Removed">Vectors dropped because their chunks are gone.</param>
/// <param name="Replaced">True when the vectors of a previous model were replaced.</param>
/// <param name="Elapsed">Time taken.</param>
public sealed record VectorUpdateResult(string ModelId, int Embedded, int Removed, bool Replaced, TimeSpan Elapsed)
{
    /// <summary>Nothing to do: the dense side is off.</summary>
    public static VectorUpdateResult Disabled { get; } = new("none", 0, 0, false, TimeSpan.Zero);

    /// <summary>Chunks left without a vector because their text is not in the model's languages.</summary>
    public int Skipped { get; init; }

    /// <summary>Chunks whose vectors (or skips) were taken from the system of record instead of embedded here.</summary>
    public int Loaded { get; init; }
}
