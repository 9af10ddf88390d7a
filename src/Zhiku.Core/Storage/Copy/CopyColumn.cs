namespace Zhiku.Core.Storage.Copy;

/// <summary>One column of a copied table: its name in both engines and how a SQLite value becomes the PostgreSQL one.</summary>
internal sealed record CopyColumn(string Name, CopyKind Kind, bool Nullable = false)
{
    public static CopyColumn Id(string name) => new(name, CopyKind.Int64);

    public static CopyColumn Long(string name, bool nullable = false) => new(name, CopyKind.Int64, nullable);

    public static CopyColumn Int(string name, bool nullable = false) => new(name, CopyKind.Int32, nullable);

    public static CopyColumn Str(string name, bool nullable = false) => new(name, CopyKind.Text, nullable);

    public static CopyColumn Bool(string name) => new(name, CopyKind.Bool);

    public static CopyColumn Time(string name, bool nullable = false) => new(name, CopyKind.Time, nullable);

    public static CopyColumn Real(string name) => new(name, CopyKind.Real);

    public static CopyColumn Ids(string name) => new(name, CopyKind.IdList, Nullable: true);

    /// <summary>The column in SQL (quoted: <c>user</c> is reserved in PostgreSQL).</summary>
    public string Quoted => "\"" + Name + "\"";
}
