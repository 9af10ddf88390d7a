namespace Zhiku.Core.Storage.Copy;

/// <summary>How a column's SQLite value is turned into PostgreSQL's type.</summary>
internal enum CopyKind
{
    /// <summary>INTEGER → bigint.</summary>
    Int64,

    /// <summary>INTEGER → integer.</summary>
    Int32,

    /// <summary>TEXT → text, as stored (encrypted text stays encrypted).</summary>
    Text,

    /// <summary>INTEGER 0/1 → boolean.</summary>
    Bool,

    /// <summary>TEXT round-trip time → timestamptz (UTC, microseconds).</summary>
    Time,

    /// <summary>REAL → double precision.</summary>
    Real,

    /// <summary>TEXT of comma-separated ids → bigint[].</summary>
    IdList,
}
