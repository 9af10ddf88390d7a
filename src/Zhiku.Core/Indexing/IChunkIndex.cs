using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing;

/// <summary>
/// An index derived from the store's chunks (the store is the system of record). <see cref="IndexSynchronizer"/>
/// keeps every index of a knowledge base in step with the store's backlog; a second engine is a new class.
/// </summary>
public interface IChunkIndex
{
    /// <summary>True when the index cannot be brought up to date change by change (its files are missing or
    /// broken, or were made by different analysis) and must be cleared and filled again from the store.</summary>
    bool NeedsRebuild();

    /// <summary>Removes everything (before a rebuild). Not visible until <see cref="Commit"/>.</summary>
    void Clear();

    /// <summary>Removes every chunk of the documents; idempotent (unknown ids are ignored).</summary>
    void RemoveDocuments(IReadOnlyCollection<long> docIds);

    /// <summary>Adds chunks; the caller removed their documents' old chunks first.</summary>
    void AddChunks(IReadOnlyList<ChunkRecord> chunks);

    /// <summary>Makes the changes since the last commit durable and visible to searches. Throws on I/O failure;
    /// the store then keeps the changes in its backlog and the next synchronization applies them again.</summary>
    void Commit();
}
