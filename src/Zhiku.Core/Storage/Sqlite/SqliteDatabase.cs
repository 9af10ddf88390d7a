using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>
/// A store's SQLite file (WAL mode): hands out connections and brings the schema up to date on open by running the
/// missing steps of <see cref="SqliteMigrations.All"/> in one transaction. The applied steps are recorded in
/// <c>schema_migrations</c> and the latest in <c>meta.schema_version</c>; a file written by a newer Zhiku (a version
/// this code does not know) is refused, so an old release never writes into a schema it does not understand.
/// </summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;

    private SqliteDatabase(string path, string connectionString)
    {
        Path = path;
        this._connectionString = connectionString;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The schema version of the open database after its migrations ran.</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>Opens (creating when missing) the database file and runs the migrations it lacks.</summary>
    /// <exception cref="ZhikuException">The file was written by a newer Zhiku (its schema version is above
    /// <see cref="SqliteMigrations.Latest"/>).</exception>
    /// <exception cref="SqliteException">The file is not a database, or cannot be opened or written.</exception>
    public static SqliteDatabase Open(string path) => Open(path, SqliteMigrations.All);

    /// <summary>Opens the database with an explicit migration list (tests use a shorter or longer one).</summary>
    internal static SqliteDatabase Open(string path, IReadOnlyList<SqliteMigration> migrations)
    {
        string cs = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var database = new SqliteDatabase(path, cs);
        database.Migrate(migrations);
        return database;
    }

    /// <summary>An open connection with foreign keys on; the caller disposes it.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using SqliteCommand pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>An open connection with foreign keys on, opened asynchronously; the caller disposes it.</summary>
    public async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one statement (or several separated by semicolons) with named parameters, asynchronously.</summary>
    public static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one statement (or several separated by semicolons) with named parameters.</summary>
    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>Adds a column to a table that lacks it (stores made before the column existed).</summary>
    public static void AddColumnIfMissing(SqliteConnection connection, SqliteTransaction transaction, string table, string column, string definition)
    {
        using SqliteCommand info = connection.CreateCommand();
        info.Transaction = transaction;
        info.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column;";
        info.Parameters.AddWithValue("$table", table);
        info.Parameters.AddWithValue("$column", column);
        if (Convert.ToInt64(info.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            Execute(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {column} {definition};");
        }
    }

    private void Migrate(IReadOnlyList<SqliteMigration> migrations)
    {
        using SqliteConnection connection = Connect();
        Execute(connection, null, "PRAGMA journal_mode = WAL;");

        // One immediate transaction: two processes opening the same old store do not both upgrade it, and a failed
        // step leaves the store as it was.
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS schema_migrations(
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TEXT NOT NULL);
            """);
        int current = AppliedVersion(connection, transaction);
        int latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        int recorded = Math.Max(current, RecordedVersion(connection, transaction));
        if (recorded > latest)
        {
            throw ZhikuException.InvalidInput(
                $"the store '{Path}' has schema version {recorded}, newer than this Zhiku knows ({latest}); use the Zhiku release that wrote it or a newer one / 该存储由更新版本的 Zhiku 写入（结构版本 {recorded} > {latest}），请升级 Zhiku");
        }

        string now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        foreach (SqliteMigration migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            migration.Apply(connection, transaction);
            Execute(connection, transaction, "INSERT INTO schema_migrations(version, name, applied_at) VALUES($v, $n, $now);",
                ("$v", migration.Version), ("$n", migration.Name), ("$now", now));
        }

        if (latest > current)
        {
            Execute(connection, transaction, "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', $v);",
                ("$v", latest.ToString(CultureInfo.InvariantCulture)));
        }

        transaction.Commit();
        SchemaVersion = Math.Max(current, latest);
    }

    /// <summary>The highest applied migration. Stores written before migrations were recorded say
    /// <c>schema_version = 1</c> in <c>meta</c> with no <c>schema_migrations</c> rows: they count as version 0, so
    /// every (idempotent) step runs on them.</summary>
    private static int AppliedVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The version in <c>meta.schema_version</c> (0 when missing or unreadable).</summary>
    private static int RecordedVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version';";
        return int.TryParse(command.ExecuteScalar() as string, NumberStyles.None, CultureInfo.InvariantCulture, out int version) ? version : 0;
    }
}
