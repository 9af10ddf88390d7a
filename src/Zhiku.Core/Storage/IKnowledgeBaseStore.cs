namespace Zhiku.Core.Storage;

/// <summary>
/// The knowledge bases of a store: their names, data policies and creation times. Names are stored as given (a
/// personal knowledge base's name already carries its owner's namespace) and are checked by the caller
/// (<see cref="ZhikuStore.CreateKnowledgeBaseAsync"/>). Every method may throw <see cref="ZhikuException"/> with
/// <see cref="ErrorKind.Unavailable"/> when the store cannot be read or written now (locked past its timeout,
/// read-only, full, its file gone), and throws <see cref="OperationCanceledException"/> when <c>cancellationToken</c>
/// is cancelled before the read ends or the change is committed (a cancelled write changes nothing). A knowledge base
/// that does not exist reads as null or false, not as an error.
/// </summary>
public interface IKnowledgeBaseStore
{
    /// <summary>Creates a knowledge base with a data policy (<see cref="Access.DataPolicy"/>).</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Conflict"/>: a knowledge base with this name exists (nothing changes).</exception>
    Task<KnowledgeBaseInfo> CreateAsync(string name, string policy, CancellationToken cancellationToken = default);

    /// <summary>The knowledge base with this exact name, or null.</summary>
    Task<KnowledgeBaseInfo?> FindAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>All knowledge bases, ordered by name.</summary>
    Task<IReadOnlyList<KnowledgeBaseInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Changes a knowledge base's data policy; false when it does not exist.</summary>
    Task<bool> SetPolicyAsync(long kbId, string policy, CancellationToken cancellationToken = default);

    /// <summary>Deletes a knowledge base with its documents, chunks and index tombstones, in one transaction; false
    /// when it does not exist. Its index folder is the caller's to remove (<see cref="ZhikuStore.DeleteKnowledgeBaseAsync"/>).</summary>
    Task<bool> DeleteAsync(long kbId, CancellationToken cancellationToken = default);
}
