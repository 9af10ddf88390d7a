namespace Zhiku.Core.Storage.Copy;

/// <summary>One table after a copy: its rows in the embedded store and in PostgreSQL, counted and summed (order does not
/// matter, see <see cref="RowChecksum"/>), and how many rows this run wrote.</summary>
/// <param name="Table">The table (or <c>vault</c>, <c>chunk_vectors</c>).</param>
/// <param name="SourceRows">Rows in the embedded store.</param>
/// <param name="TargetRows">Rows in PostgreSQL.</param>
/// <param name="Written">Rows this run wrote (0 for a table a previous run finished).</param>
/// <param name="SourceChecksum">The embedded store's checksum (16 hex digits).</param>
/// <param name="TargetChecksum">PostgreSQL's checksum.</param>
public sealed record CopyCheck(string Table, long SourceRows, long TargetRows, long Written, string SourceChecksum, string TargetChecksum)
{
    /// <summary>True when both sides hold the same rows.</summary>
    public bool Matches => SourceRows == TargetRows && SourceChecksum == TargetChecksum;
}
