using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Wakes a replica follower when changes commit: one dedicated connection that <c>LISTEN</c>s on the schema's change
/// channel (<see cref="PostgresChangeLog"/> notifies it on commit), with polling as the fallback. A notification that
/// arrives between two waits is kept by the connection and ends the next wait at once, so the follower's loop (read
/// everything after its number, then wait) misses none while the connection lives; when it is lost, the next wait
/// reports <see cref="ChangeWake.Reconnected"/> so the follower reads again. Not safe for concurrent waits.
/// </summary>
public sealed class PostgresChangeListener : IAsyncDisposable
{
    private readonly PostgresDatabase _database;
    private NpgsqlConnection? _connection;

    private PostgresChangeListener(PostgresDatabase database, NpgsqlConnection connection)
    {
        _database = database;
        _connection = connection;
    }

    /// <summary>Starts listening; call it before the first read of the log, so no commit falls between the two.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.Unavailable"/>: the server cannot be reached.</exception>
    public static async Task<PostgresChangeListener> StartAsync(PostgresDatabase database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        NpgsqlConnection connection = await PostgresFailures.RunAsync("listen for changes", () => ListenAsync(database, cancellationToken))
            .ConfigureAwait(false);
        return new PostgresChangeListener(database, connection);
    }

    /// <summary>Waits for a commit of changes, at most <paramref name="pollInterval"/>. Never throws for a lost server:
    /// it waits the interval (so a follower does not spin while the database is down) and reports <see cref="ChangeWake.Reconnected"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ChangeWake> WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        if (_connection is null)
        {
            try
            {
                _connection = await ListenAsync(_database, cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
            }

            return ChangeWake.Reconnected;
        }

        try
        {
            return await _connection.WaitAsync(pollInterval, cancellationToken).ConfigureAwait(false) ? ChangeWake.Notified : ChangeWake.Polled;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection broke (the server restarted, a failover, a terminated backend); Npgsql has closed it.
            await DropAsync().ConfigureAwait(false);
            return ChangeWake.Reconnected;
        }
    }

    public ValueTask DisposeAsync() => DropAsync();

    private async ValueTask DropAsync()
    {
        NpgsqlConnection? connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // Already broken: nothing left to release.
            }
        }
    }

    private static async Task<NpgsqlConnection> ListenAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // LISTEN takes an identifier, not an expression: read the channel name, then quote it.
            await using NpgsqlCommand name = PostgresDatabase.Command(connection, null, $"SELECT {PostgresChangeLog.ChannelSql};");
            string channel = (string)(await name.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            await PostgresDatabase.ExecuteAsync(connection, null, $"LISTEN \"{channel.Replace("\"", "\"\"", StringComparison.Ordinal)}\";", cancellationToken)
                .ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
