using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>
/// One step of the store's schema, applied once and recorded in <c>schema_migrations</c>. A step must be safe on a
/// database that already has part of what it creates: stores written before migrations were recorded (schema
/// version 1 and no <c>schema_migrations</c> table) run every step, and each brings only what is missing.
/// </summary>
/// <param name="Version">Its place in the order, 1, 2, 3…; never reused or renumbered once released.</param>
/// <param name="Name">What it adds, for the record and for error messages.</param>
/// <param name="Apply">Runs the step inside the migration transaction.</param>
internal sealed record SqliteMigration(int Version, string Name, Action<SqliteConnection, SqliteTransaction> Apply);
