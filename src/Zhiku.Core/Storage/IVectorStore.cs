namespace Zhiku.Core.Storage;

/// <summary>
/// The chunk vectors the system of record keeps beside the chunks (PostgreSQL: table <c>chunk_vectors</c>), keyed by
/// chunk and embedding model, so a node whose vector replica is missing or behind loads them instead of embedding the
/// chunks again. A chunk's vectors go with it when it is deleted. The embedded store has none: its <c>vectors</c> folder
/// is the only copy. Vectors are stored encrypted under the store key when one is configured (embeddings can be
/// inverted to their text). Every method may throw <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/>
/// when the store cannot be read or written now and <see cref="ErrorKind.Forbidden"/> when stored vectors are encrypted
/// and no key is configured; it throws <see cref="OperationCanceledException"/> when <c>cancellationToken</c> is
/// cancelled before the read ends or the write is committed (a cancelled write records nothing).
/// </summary>
public interface IVectorStore
{
    /// <summary>Records the vectors of <paramref name="modelId"/> for chunks of <paramref name="kbId"/>, replacing any the
    /// chunks had of that model. A <see cref="StoredVector"/> without a vector records that the chunk was skipped (its text
    /// is not in <paramref name="languages"/>). Chunks that no longer exist are left out.</summary>
    Task SaveAsync(long kbId, string modelId, string languages, IReadOnlyList<StoredVector> vectors, CancellationToken cancellationToken = default);

    /// <summary>The recorded vectors of <paramref name="modelId"/> for <paramref name="chunkIds"/> (every chunk of
    /// <paramref name="kbId"/> when null), by chunk id; a chunk skipped for other <paramref name="languages"/> than these
    /// counts as not recorded.</summary>
    Task<IReadOnlyList<StoredVector>> ReadAsync(long kbId, string modelId, string languages, IReadOnlyCollection<long>? chunkIds,
        CancellationToken cancellationToken = default);
}
