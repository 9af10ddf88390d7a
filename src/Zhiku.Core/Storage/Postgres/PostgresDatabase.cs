using System.Globalization;
using Npgsql;
using Zhiku.Core.Security;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// A node's PostgreSQL system of record: one pooled <see cref="NpgsqlDataSource"/> (several hosts are tried as the
/// connection string says) and a schema brought up to date on open. The missing steps of
/// <see cref="PostgresMigrations.All"/> run in one transaction that first takes a transaction-level advisory lock
/// (<c>pg_advisory_xact_lock</c>) keyed by the schema, so of several nodes starting at once one migrates and the others
/// wait and find nothing left to do. Applied steps are recorded in <c>schema_migrations</c> and the latest in
/// <c>meta.schema_version</c>; a database migrated by a newer Zhiku is refused with one line. Text is protected as in the
/// embedded store (<see cref="StoredText"/>), and the key id is recorded in <c>meta</c>.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The first key of the schema lock (the second is the schema's name hashed): "ZK".</summary>
    private const int LockClass = 0x5A4B;

    private readonly NpgsqlDataSource _dataSource;
    private readonly StoredText _text;

    private PostgresDatabase(DatabaseUrl url, NpgsqlDataSource dataSource, StoredText text, int schemaVersion, TextCipher? cipher)
    {
        Url = url;
        Cipher = cipher;
        _dataSource = dataSource;
        _text = text;
        SchemaVersion = schemaVersion;
    }

    /// <summary>Where the database is (its <see cref="DatabaseUrl.ToString"/> never shows the password).</summary>
    public DatabaseUrl Url { get; }

    /// <summary>The schema version after the migrations ran.</summary>
    public int SchemaVersion { get; }

    /// <summary>True when new text is written encrypted.</summary>
    public bool EncryptsText => _text.Encrypts;

    /// <summary>Connects and brings the schema up to date.</summary>
    /// <param name="url">The database.</param>
    /// <param name="key">With a key, stored text is encrypted (as in the embedded store); a database holding encrypted
    /// text refuses to open without its key or with another key.</param>
    /// <param name="cancellationToken">Stops waiting for the server or for another node's migration.</param>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the server cannot be reached or refuses the
    /// connection; <see cref="ErrorKind.InvalidInput"/>: the schema is newer than this Zhiku knows, or the search path
    /// names no schema that exists; <see cref="ErrorKind.Forbidden"/>: the key is missing or not the database's key.</exception>
    public static Task<PostgresDatabase> OpenAsync(DatabaseUrl url, EncryptionKey? key = null, CancellationToken cancellationToken = default) =>
        OpenAsync(url, key is null ? null : new TextCipher(key), PostgresMigrations.All, cancellationToken);

    /// <summary>Opens with an explicit protector and migration list (tests use a shorter or longer one).</summary>
    internal static async Task<PostgresDatabase> OpenAsync(DatabaseUrl url, ITextProtector? protector, IReadOnlyList<PostgresMigration> migrations,
        CancellationToken cancellationToken)
    {
        NpgsqlDataSource dataSource = NpgsqlDataSource.Create(url.ConnectionString);
        try
        {
            var text = new StoredText(protector);
            int version = await PostgresFailures.RunAsync($"be opened at {url}",
                () => MigrateAsync(dataSource, url, text, migrations, cancellationToken)).ConfigureAwait(false);
            return new PostgresDatabase(url, dataSource, text, version, protector as TextCipher);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The store key's cipher for binary data (original files), or null without a key.</summary>
    internal TextCipher? Cipher { get; }

    /// <summary>An open pooled connection; the caller disposes it.</summary>
    internal ValueTask<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>An open pooled connection opened with the driver's synchronous call, for the few callers behind a
    /// synchronous interface (<see cref="PostgresSharedKeyStore"/>, <see cref="Stream.Read(byte[], int, int)"/> of an
    /// original file); the caller disposes it.</summary>
    internal NpgsqlConnection Connect() => _dataSource.OpenConnection();

    /// <summary>Encrypts a text for storage when a key is configured.</summary>
    internal string Protect(string text) => _text.Protect(text);

    /// <summary>Reads a stored text, decrypting it when it was stored encrypted.</summary>
    internal string Reveal(string stored) => _text.Reveal(stored);

    /// <summary>A command with named parameters (<c>@name</c>); a null value is SQL NULL.</summary>
    internal static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs one statement with named parameters and returns the rows it changed.</summary>
    internal static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using NpgsqlCommand command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits unless <paramref name="cancellationToken"/> was cancelled first. The commit itself is not
    /// cancelled halfway, so a cancelled call has changed nothing and a call that returns has committed.</summary>
    internal static async Task CommitUnlessCancelledAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The time to record now: UTC, as <c>timestamptz</c> takes it.</summary>
    internal static DateTimeOffset Now() => DateTimeOffset.UtcNow;

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, DatabaseUrl url, StoredText text, IReadOnlyList<PostgresMigration> migrations,
        CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        string? schema;
        await using (NpgsqlCommand current = Command(connection, transaction, "SELECT current_schema();"))
        {
            schema = await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }

        if (schema is null)
        {
            throw ZhikuException.InvalidInput(
                $"the database {url} has no schema to write to: its search path names no schema that exists; create it or fix 'Search Path' / 数据库的 search_path 中没有已存在的模式",
                url.Subject);
        }

        // Held until commit or rollback, so a node that dies mid-migration releases it with its connection. A node
        // waiting longer than the lock timeout reports the database as unavailable instead of hanging its start.
        await ExecuteAsync(connection, transaction, "SET LOCAL lock_timeout = '120s';", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@class, hashtext(@schema));", cancellationToken,
            ("class", LockClass), ("schema", schema)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS meta(key text PRIMARY KEY, value text NOT NULL);
            CREATE TABLE IF NOT EXISTS schema_migrations(
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL);
            """, cancellationToken).ConfigureAwait(false);

        int applied = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;", cancellationToken)
            .ConfigureAwait(false), CultureInfo.InvariantCulture);
        int recorded = int.TryParse(await ScalarAsync(connection, transaction, "SELECT value FROM meta WHERE key = 'schema_version';", cancellationToken)
            .ConfigureAwait(false) as string, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0;
        int latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        int found = Math.Max(applied, recorded);
        if (found > latest)
        {
            throw ZhikuException.InvalidInput(
                $"the database {url} has schema version {found}, newer than this Zhiku knows ({latest}); run the Zhiku release that migrated it or a newer one on this node / 数据库结构版本 {found} 高于本节点支持的 {latest}，请升级此节点的 Zhiku",
                url.Subject);
        }

        foreach (PostgresMigration migration in migrations.Where(m => m.Version > applied))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "INSERT INTO schema_migrations(version, name, applied_at) VALUES(@v, @n, @now);", cancellationToken,
                ("v", migration.Version), ("n", migration.Name), ("now", Now())).ConfigureAwait(false);
        }

        if (latest > applied)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO meta(key, value) VALUES('schema_version', @v) ON CONFLICT(key) DO UPDATE SET value = excluded.value;
                """, cancellationToken, ("v", latest.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        }

        if (text.MustRecordKey(await ScalarAsync(connection, transaction, "SELECT value FROM meta WHERE key = 'encryption_key_id';", cancellationToken)
            .ConfigureAwait(false) as string))
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO meta(key, value) VALUES('encryption_key_id', @id);", cancellationToken,
                ("id", text.KeyId)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Math.Max(applied, latest);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = Command(connection, transaction, sql);
        object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
