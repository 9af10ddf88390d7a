using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// The pseudonym vault in PostgreSQL (table <c>vault</c>, made by <see cref="PostgresMigrations"/>): one row per
/// session, keyed like the embedded vault's file names (<see cref="VaultSessionKey"/>), holding the same encrypted blob
/// and a version that each save increments. A save is one conditional statement, so of two nodes saving from the same
/// version one writes and the other is told to merge.
/// </summary>
public sealed class PostgresVaultStore : IVaultStore
{
    private readonly PostgresDatabase _database;

    /// <summary>The vault table of an open database.</summary>
    public PostgresVaultStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<VaultBlob?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        string key = VaultSessionKey.Of(sessionId);
        return PostgresFailures.RunAsync("read the pseudonym vault", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, "SELECT blob, version FROM vault WHERE session_key = @k;", ("k", key));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new VaultBlob(reader.GetFieldValue<byte[]>(0), reader.GetInt64(1))
                : null;
        });
    }

    /// <inheritdoc/>
    public Task<long?> SaveAsync(string sessionId, byte[] blob, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        string key = VaultSessionKey.Of(sessionId);
        // A first save inserts unless another node inserted first; a later one updates only the version it read.
        string sql = expectedVersion == VaultBlob.None
            ? """
              INSERT INTO vault(session_key, blob, version, updated_at) VALUES(@k, @b, 1, @now)
              ON CONFLICT(session_key) DO NOTHING RETURNING version;
              """
            : "UPDATE vault SET blob = @b, version = version + 1, updated_at = @now WHERE session_key = @k AND version = @v RETURNING version;";
        return PostgresFailures.RunAsync("write the pseudonym vault", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, sql,
                ("k", key), ("b", blob), ("v", expectedVersion), ("now", PostgresDatabase.Now()));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : (long?)null;
        });
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        string key = VaultSessionKey.Of(sessionId);
        return PostgresFailures.RunAsync("write the pseudonym vault", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await PostgresDatabase.ExecuteAsync(connection, null, "DELETE FROM vault WHERE session_key = @k;", cancellationToken, ("k", key))
                .ConfigureAwait(false) > 0;
        });
    }
}
