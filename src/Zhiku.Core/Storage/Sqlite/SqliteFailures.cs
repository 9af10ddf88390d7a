using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>
/// Turns the SQLite errors a store interface promises to report into <see cref="ZhikuException"/>s: a file that is
/// locked past the busy timeout, read-only, full or failing I/O is <see cref="ErrorKind.Unavailable"/>. Other
/// <see cref="SqliteException"/>s are programming errors and pass through.
/// </summary>
internal static class SqliteFailures
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CannotOpen = 14;

    /// <summary>The SQLite error code of a violated constraint (unique, foreign key, check).</summary>
    public const int Constraint = 19;

    /// <summary>Runs <paramref name="action"/>, reporting an unavailable store as <see cref="ErrorKind.Unavailable"/> naming <paramref name="what"/>.</summary>
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SqliteException ex) when (IsUnavailable(ex))
        {
            throw Unavailable(what, ex);
        }
    }

    /// <summary>Runs <paramref name="action"/>, reporting an unavailable store as <see cref="ErrorKind.Unavailable"/> naming <paramref name="what"/>.</summary>
    public static async Task RunAsync(string what, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (SqliteException ex) when (IsUnavailable(ex))
        {
            throw Unavailable(what, ex);
        }
    }

    private static bool IsUnavailable(SqliteException ex) =>
        ex.SqliteErrorCode is Busy or Locked or ReadOnly or IoError or Full or CannotOpen;

    private static ZhikuException Unavailable(string what, SqliteException ex) =>
        ZhikuException.Unavailable($"the store could not {what} now (SQLite: {ex.Message}); try again / 存储暂时不可用，请稍后重试", what, ex);
}
