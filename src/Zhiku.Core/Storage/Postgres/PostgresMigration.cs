namespace Zhiku.Core.Storage.Postgres;

/// <summary>One step of the PostgreSQL schema, applied once (inside the migration transaction, under the schema lock)
/// and recorded in <c>schema_migrations</c>.</summary>
/// <param name="Version">Its place in the order, 1, 2, 3…; never reused or renumbered once released.</param>
/// <param name="Name">What it adds, for the record and for error messages.</param>
/// <param name="Sql">The statements; PostgreSQL runs DDL transactionally, so a failed step leaves nothing behind.</param>
internal sealed record PostgresMigration(int Version, string Name, string Sql);
