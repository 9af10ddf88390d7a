namespace Zhiku.Core.Storage;

/// <summary>How far a knowledge base's replica is behind the change log.</summary>
/// <param name="LatestSeq">The highest number committed for the knowledge base (0 when it has none).</param>
/// <param name="Changes">How many of its changes are numbered above the replica's applied number.</param>
/// <param name="Age">How long the oldest of those has been committed, by the database's clock (zero when there is none).</param>
public sealed record ChangeLogLag(long LatestSeq, long Changes, TimeSpan Age);
