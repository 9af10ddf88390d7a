namespace Zhiku.Core.Storage.Copy;

/// <summary>One table copied from the embedded store to PostgreSQL with the same rows and ids.</summary>
/// <param name="Name">The table (the same name in both engines).</param>
/// <param name="Columns">What is written to PostgreSQL, in order.</param>
/// <param name="Source">The SQLite columns read, in the order of <paramref name="Columns"/> (defaults to their names;
/// <c>rowid</c> where SQLite has no column).</param>
/// <param name="HasIdentity">True when <c>id</c> is an identity column whose sequence must follow the copied ids.</param>
internal sealed record CopyTable(string Name, IReadOnlyList<CopyColumn> Columns, string? Source = null, bool HasIdentity = false)
{
    /// <summary>Splits one SQLite row into the PostgreSQL rows it becomes (document pages: one value, one row per page).</summary>
    public Func<object?[], IEnumerable<object?[]>>? Expand { get; init; }

    /// <summary>The SQLite columns read when <see cref="Expand"/> is set (otherwise <see cref="Columns"/>).</summary>
    public IReadOnlyList<CopyColumn>? SourceColumns { get; init; }

    public IReadOnlyList<CopyColumn> Read => SourceColumns ?? Columns;

    /// <summary>The SQLite query of every row.</summary>
    public string SelectSql => $"SELECT {Source ?? string.Join(", ", Read.Select(c => c.Quoted))} FROM {Name};";
}
