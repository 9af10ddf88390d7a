namespace Zhiku.Core.Indexing.Vectors;

/// <summary>
/// Chunk vectors of one <see cref="VectorSpace"/>, searchable by cosine similarity. Implementations are
/// thread-safe: searches run concurrently, writes are serialised. Vectors need not be normalised on input.
/// </summary>
public interface IVectorIndex : IDisposable
{
    /// <summary>The model and dimension every vector in this index has.</summary>
    VectorSpace Space { get; }

    /// <summary>Number of chunks with a vector.</summary>
    int Count { get; }

    /// <summary>Adds or replaces the vectors of the given chunks (bulk: capacity is reserved once).</summary>
    /// <exception cref="ArgumentException">The lists differ in length or a vector's length is not <see cref="VectorSpace.Dimensions"/>.</exception>
    void Upsert(IReadOnlyList<long> chunkIds, IReadOnlyList<ReadOnlyMemory<float>> vectors);

    /// <summary>Removes a chunk's vector; false when it had none.</summary>
    bool Remove(long chunkId);

    bool Contains(long chunkId);

    /// <summary>A snapshot of the chunk ids that have a vector (to find vectors of chunks the store no longer has).</summary>
    IReadOnlyCollection<long> ChunkIds();

    /// <summary>The <paramref name="k"/> chunks most similar to <paramref name="query"/>, best first (fewer if the index is smaller).</summary>
    /// <exception cref="ArgumentException">The query's length is not <see cref="VectorSpace.Dimensions"/>.</exception>
    IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k);

    /// <summary>
    /// Writes the index to <paramref name="folder"/> (created if needed), replacing what was there; the folder
    /// records the space so <see cref="VectorIndexStore.LoadAsync"/> can refuse another model's vectors.
    /// </summary>
    Task SaveAsync(string folder, CancellationToken cancellationToken = default);
}
