using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>
/// The dense side as an <see cref="IChunkIndex"/>. Vectors are embedded from the store's chunk text by
/// <see cref="KnowledgeBaseVectors.UpdateAsync"/> (slow, resumable, and never on the ingest path), and its
/// readiness check compares the vectors with the store's chunks; so a change of the store only has to drop the
/// cached readiness, which then sends search to keywords only until the new chunks have vectors.
/// </summary>
public sealed class VectorChunkIndex(KnowledgeBaseVectors vectors) : IChunkIndex
{
    /// <inheritdoc/>
    /// <remarks>Never: vectors are keyed by chunk and model, and a missing or broken vector folder is found and
    /// rebuilt by <see cref="KnowledgeBaseVectors.UpdateAsync"/>.</remarks>
    public bool NeedsRebuild() => false;

    /// <inheritdoc/>
    public void Clear() => vectors.MarkChanged();

    /// <inheritdoc/>
    public void RemoveDocuments(IReadOnlyCollection<long> docIds) => vectors.MarkChanged();

    /// <inheritdoc/>
    public void AddChunks(IReadOnlyList<ChunkRecord> chunks) => vectors.MarkChanged();

    /// <inheritdoc/>
    public void Commit() => vectors.MarkChanged();
}
