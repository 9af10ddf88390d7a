namespace Zhiku.Core.Indexing;

/// <summary>
/// Keeps a knowledge base's indexes in step with the system of record: <see cref="IndexSynchronizer"/> from the embedded
/// store's index backlog, <see cref="ChangeLogReplica"/> from PostgreSQL's change log (a node-local replica). Both apply
/// a change idempotently, so applying one twice after a crash is harmless.
/// </summary>
public interface IIndexSynchronizer
{
    /// <summary>Brings the indexes in line with the store when a knowledge base opens: rebuilds them from the store's
    /// chunks when they cannot be caught up change by change, then applies what they miss.</summary>
    /// <exception cref="ZhikuException">The store cannot be read now (<see cref="ErrorKind.Unavailable"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; what was committed
    /// stays, the rest is applied next time.</exception>
    Task RepairAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies every change committed to the store that the indexes do not hold yet (after a write, or when woken).</summary>
    /// <exception cref="ZhikuException">The store cannot be read or written now (<see cref="ErrorKind.Unavailable"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; as for <see cref="RepairAsync"/>.</exception>
    Task ApplyBacklogAsync(CancellationToken cancellationToken = default);
}
