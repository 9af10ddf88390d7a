using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Turns the Npgsql errors a store interface promises to report into <see cref="ZhikuException"/>s: a server that
/// cannot be reached, drops the connection, times out, refuses the sign-in, is shutting down, out of connections or
/// disk, in recovery or read-only (a standby after a failover), or busy past the lock timeout is
/// <see cref="ErrorKind.Unavailable"/>. Other <see cref="PostgresException"/>s are programming errors and pass through.
/// Cancellation is Npgsql's <see cref="OperationCanceledException"/>, untouched.
/// </summary>
internal static class PostgresFailures
{
    /// <summary>SQLSTATE of a foreign key violation: the row referred to does not exist.</summary>
    public const string ForeignKeyViolation = "23503";

    /// <summary>SQLSTATE of a unique violation.</summary>
    public const string UniqueViolation = "23505";

    /// <summary>Runs <paramref name="action"/>, reporting an unavailable database as <see cref="ErrorKind.Unavailable"/> naming <paramref name="what"/>.</summary>
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (IsUnavailable(ex))
        {
            throw Unavailable(what, ex);
        }
    }

    /// <summary>Runs <paramref name="action"/>, reporting an unavailable database as <see cref="ErrorKind.Unavailable"/> naming <paramref name="what"/>.</summary>
    public static async Task RunAsync(string what, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (IsUnavailable(ex))
        {
            throw Unavailable(what, ex);
        }
    }

    /// <summary>Runs a synchronous <paramref name="action"/> (behind a synchronous interface), reporting an unavailable
    /// database as <see cref="ErrorKind.Unavailable"/> naming <paramref name="what"/>.</summary>
    public static T Run<T>(string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (NpgsqlException ex) when (IsUnavailable(ex))
        {
            throw Unavailable(what, ex);
        }
    }

    /// <summary>Whether the error means the database cannot serve now (rather than a wrong statement).</summary>
    public static bool IsUnavailable(NpgsqlException ex) => ex is not PostgresException pg
        // Not from the server: connecting, I/O, timeouts, an exhausted pool.
        || pg.IsTransient
        || pg.SqlState.Length == 5 && pg.SqlState[..2] is "08" or "28" or "3D" or "53" or "57" or "58"
        // A read-only transaction (a standby after a failover), a lock not granted in time.
        || pg.SqlState is "25006" or "55P03";

    private static ZhikuException Unavailable(string what, NpgsqlException ex) =>
        ZhikuException.Unavailable($"the database could not {what} now (PostgreSQL: {ex.Message}); try again / 数据库暂时不可用，请稍后重试", what, ex);
}
