namespace Zhiku.Core.Storage;

/// <summary>
/// The ordered log of committed chunk changes that node-local index replicas follow (issue 15): every change to a
/// document's chunks gets a sequence number in the transaction that makes it, so a replica applies changes in order and
/// resumes after the last number it applied. A number is visible only once every lower number that will ever exist is
/// visible too: a reader that saw number N never later finds a new change numbered N or lower. Numbers are dense in
/// the PostgreSQL log, but a reader must not rely on that (a rolled-back writer or future pruning may leave gaps).
/// Every method may throw <see cref="ZhikuException"/> with <see cref="ErrorKind.Unavailable"/> when the store cannot
/// be read now, and <see cref="OperationCanceledException"/> when <c>cancellationToken</c> is cancelled before the read ends.
/// </summary>
public interface IChangeLog
{
    /// <summary>The changes numbered above <paramref name="afterSeq"/>, ascending, at most <paramref name="limit"/> (at
    /// least one); only those of knowledge base <paramref name="kbId"/> when it is given. Empty when the reader is up to date.</summary>
    Task<IReadOnlyList<ChunkChange>> ReadAfterAsync(long? kbId, long afterSeq, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>The highest number committed (of <paramref name="kbId"/> when it is given), 0 when there is none: how far
    /// a replica that applied up to its own number lags behind.</summary>
    Task<long> LastSeqAsync(long? kbId = null, CancellationToken cancellationToken = default);

    /// <summary>The log's identity, its horizon and its highest number, read in one statement. The identity is made on the
    /// first call against a database (a replica compares it with the one its position names).</summary>
    Task<ChangeLogHead> HeadAsync(CancellationToken cancellationToken = default);

    /// <summary>How far a replica of knowledge base <paramref name="kbId"/> that applied up to <paramref name="appliedSeq"/>
    /// is behind: its latest number, the count of its changes above the applied one and the age of the oldest of them.</summary>
    Task<ChangeLogLag> LagAsync(long kbId, long appliedSeq, CancellationToken cancellationToken = default);
}
